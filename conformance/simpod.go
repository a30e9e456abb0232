package conformance

import (
	"github.com/uvmnet/uvmnet/netcore"
)

// simPod is a controller over a fresh simulator holding one pod.
type simPod struct {
	sim     *simulator
	fixture podFixture
	pod     netcore.PodNetwork
	ctrl    controller
	b       binding
	// route is the wire route the managers send their documents by, ""
	// for the simulator's managers.
	route string
	// options are what the controller was built with; a controller
	// imported onto the same VM gets them too, so its NIC IDs never clash.
	options Options
	// hotPlug is the hot-plug change a fault-matrix run drives.
	hotPlug *hotPlugCase
}

// newSimPod builds a simulator holding the pod of m and a controller over
// it, built through b with the simulated managers and b's guest steps over
// the simulated guest.
func (m matrixPoint) newSimPod(r *reporter, b binding) *simPod {
	sp := &simPod{
		sim:     newSimulator(),
		fixture: newPodFixture(sourceNamespaceID, m.endpoints, 'a'),
		pod:     netcore.PodNetwork{NamespaceID: sourceNamespaceID, PolicyBasedRouting: true, GuestNamespaceSupported: m.nsSupported},
		b:       b,
		route:   m.route,
	}
	sp.sim.addPod(sp.fixture)
	opts := sp.sim.world.Options()
	// With calls in flight at once, one may have passed its context check
	// before a cancellation fired elsewhere: that call is not a misuse.
	opts.LateCancelOK = m.concurrent()
	opts.MaxInFlight = max(m.concurrency, 1)
	// On the legacy wire route one VM stands behind both transports: when
	// it is gone, both say so (see guestSeesVMGone).
	opts.SharedVM = guestSeesVMGone(m.route)
	sp.sim.world.SetOptions(opts)
	sp.options = m.options('a')
	c, err := b.newController(anyPod{
		NamespaceID:        sourceNamespaceID,
		PolicyBasedRouting: true,
		anyManagers:        sp.managers(),
		Capabilities:       capabilityAnswer(m.nsSupported),
		Options:            sp.options,
	})
	if err != nil {
		r.Fatalf("Subject.New: %v", err)
	}
	sp.ctrl = c
	// A scenario that stops early still reports the misuses behind it.
	r.Cleanup(func() { sp.checkViolations(r, "by the end of the scenario") })
	return sp
}

// managers returns a fresh set of managers over the pod's simulator, as a
// shim (or a migration destination) would build them: the simulator's own
// managers, or, on a wire route, hcsmodify's VM manager and the binding's
// ready guest manager over the simulator's compute system and guest
// connection.
func (sp *simPod) managers() anyManagers {
	switch sp.route {
	case RouteGuestConnection:
		cs := sp.sim.ComputeSystem(sp.b.Wire.Agent)
		return anyManagers{VM: sp.b.Wire.vm(cs), Host: sp.sim.Host(), Guest: sp.b.Wire.OverConnection(sp.sim.GuestConnection(sp.b.Wire.Agent))}
	case RouteComputeSystem:
		cs := sp.sim.ComputeSystem(sp.b.Wire.Agent)
		return anyManagers{VM: sp.b.Wire.vm(cs), Host: sp.sim.Host(), Guest: sp.b.Wire.OverComputeSystem(cs)}
	}
	return anyManagers{VM: sp.sim.VM(), Host: sp.sim.Host(), Guest: sp.b.SimGuest(sp.sim.Guest())}
}

// guestHolds says what the guest must hold for each NIC and for the pod
// once set up: whatever the platform's configure and namespace steps send.
func (sp *simPod) guestHolds() (perNIC, namespace bool) {
	probe := netcore.NICInfo{ID: nicID('p', 1), Endpoint: newPodFixture(sp.pod.NamespaceID, 1, 'p').endpoints[0]}
	perNIC = len(sp.b.GuestCalls(GuestStep{Kind: StepConfigureNIC, Pod: sp.pod, NIC: probe})) > 0
	namespace = len(sp.b.GuestCalls(GuestStep{Kind: StepAddNamespace, Pod: sp.pod, Namespace: sp.fixture.namespace})) > 0
	return perNIC, namespace
}

// checkViolations reports every misuse of the world recorded so far.
func (sp *simPod) checkViolations(r *reporter, when string) {
	for _, v := range sp.sim.world.TakeViolations() {
		r.Errorf("%s: %s", when, v)
	}
}

// checkClean reports anything still attached.
func (sp *simPod) checkClean(r *reporter, when string) {
	if left := sp.sim.world.Attached(); left != "" {
		r.Errorf("%s: still attached: %s", when, left)
	}
}
