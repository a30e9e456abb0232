package conformance

import (
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
)

// simPod is a controller over a fresh simulator holding one pod.
type simPod struct {
	sim     *Sim
	fixture podFixture
	pod     netcore.PodNetwork
	ctrl    Controller
	p       Platform
	// tuning is what the controller was built with; a controller imported
	// onto the same VM gets it too, so its NIC IDs never clash.
	tuning netcore.Tuning
	// hotPlug is the hot-plug change a fault-matrix run drives.
	hotPlug *hotPlugCase
}

// newSimPod builds a simulator holding the pod of m and a controller over
// it, built by p with the simulated managers and p's guest contract over
// the simulated guest.
func (m matrixPoint) newSimPod(r *reporter, p Platform) *simPod {
	sp := &simPod{
		sim:     NewSim(),
		fixture: newPodFixture(sourceNamespaceID, m.endpoints, 'a'),
		pod:     netcore.PodNetwork{NamespaceID: sourceNamespaceID, PolicyBasedRouting: true, GuestNamespaceSupported: m.nsSupported},
		p:       p,
	}
	sp.sim.addPod(sp.fixture)
	// With calls in flight at once, one may have passed its context check
	// before a cancellation fired elsewhere: that call is not a misuse.
	sp.sim.lateCancelOK = m.concurrent()
	sp.sim.maxInFlight = max(m.concurrency, 1)
	sp.tuning = m.tuning('a')
	c, err := p.NewController(ControllerConfig{
		NamespaceID:        sourceNamespaceID,
		PolicyBasedRouting: true,
		VM:                 sp.sim.VM(),
		Host:               sp.sim.Host(),
		Guest:              p.NewSimGuest(sp.sim.Guest()),
		Capabilities:       capabilityAnswer(m.nsSupported),
		Tuning:             sp.tuning,
	})
	if err != nil {
		r.Fatalf("NewController: %v", err)
	}
	sp.ctrl = c
	// A scenario that stops early still reports the misuses behind it.
	r.Cleanup(func() { sp.checkViolations(r, "by the end of the scenario") })
	return sp
}

// guestHolds says what the guest must hold for each NIC and for the pod
// once set up: whatever the platform's configure and namespace steps send.
func (sp *simPod) guestHolds() (perNIC, namespace bool) {
	probe := netcore.NICInfo{ID: nicID('p', 1), Endpoint: newPodFixture(sp.pod.NamespaceID, 1, 'p').endpoints[0]}
	perNIC = len(sp.p.GuestCalls(GuestStep{Kind: StepConfigureNIC, Pod: sp.pod, NIC: probe})) > 0
	namespace = len(sp.p.GuestCalls(GuestStep{Kind: StepAddNamespace, Pod: sp.pod, Namespace: sp.fixture.namespace})) > 0
	return perNIC, namespace
}

// checkViolations reports every misuse of the world recorded so far.
func (sp *simPod) checkViolations(r *reporter, when string) {
	for _, v := range sp.sim.takeViolations() {
		r.Errorf("%s: %s", when, v)
	}
}

// checkClean reports anything still attached.
func (sp *simPod) checkClean(r *reporter, when string) {
	if left := sp.sim.attached(); left != "" {
		r.Errorf("%s: still attached: %s", when, left)
	}
}

// stateSetupTeardown checks end state: after Setup the VM holds every
// endpoint, eth0 hot-added first, and the guest holds what the platform
// configures; after Teardown nothing is left and nothing was misused.
func (m matrixPoint) stateSetupTeardown(r *reporter, p Platform) {
	ctx := background()
	sp := m.newSimPod(r, p)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	expectState(r, "after Setup", sp.ctrl, netcore.StateConfigured)
	vm, guest, ns := sp.sim.holdings()
	perNIC, withNS := sp.guestHolds()
	wantGuest, wantNS := 0, 0
	if perNIC {
		wantGuest = m.endpoints
	}
	if withNS {
		wantNS = 1
	}
	if vm != m.endpoints || guest != wantGuest || ns != wantNS {
		r.Errorf("after Setup: VM holds %d NICs, guest %d NICs and %d namespaces; want %d, %d, %d",
			vm, guest, ns, m.endpoints, wantGuest, wantNS)
	}
	if perNIC {
		if bad := sp.sim.mismatch(nil); bad != "" {
			r.Errorf("after Setup: %s", bad)
		}
	}
	// Whatever the concurrency, the VM receives the NICs in endpoint
	// order: eth0 (placed last in HCN order) first, then HCN's order.
	if got, want := sp.sim.hotAdded(), (podFixture{endpoints: sp.fixture.guestOrder()}).endpointIDs(); !slices.Equal(got, want) {
		r.Errorf("the VM hot-added endpoints %v in that order; want %v (eth0 first, then HCN order)", got, want)
	}
	sp.checkViolations(r, "during Setup")
	if err := sp.ctrl.Teardown(ctx); err != nil {
		r.Fatalf("Teardown: %v", err)
	}
	expectState(r, "after Teardown", sp.ctrl, netcore.StateTornDown)
	sp.checkClean(r, "after Teardown")
	sp.checkViolations(r, "during Teardown")
	if calls := sp.sim.takeCalls(); len(calls) == 0 && m.endpoints > 0 {
		r.Errorf("no manager call was recorded for a pod of %d endpoints", m.endpoints)
	} else if strings.Join(sites(calls), "") == "" && m.endpoints > 0 {
		r.Errorf("calls recorded without names")
	}
}
