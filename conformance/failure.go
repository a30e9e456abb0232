package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/uvmnet/uvmnet/netcore"
)

// Blind spots in how a controller makes its calls: whether it stops
// attaching once an attach step failed, whether its Teardown still tries
// every NIC after one failed, whether it honours its concurrency limit
// (and reaches it, so the check means something), and whether it depends
// on NIC IDs sorting in attach order.

// attachSites are the call sites of an attach step.
var attachSites = []string{"vm.AddNIC", "guest.PrepareNIC", "guest.ConfigureNIC", "guest.AddNamespace"}

func isAttach(site string) bool { return slices.Contains(attachSites, site) }

// rebuild replaces sp's controller by one built through b over sp's
// simulated managers, the VM manager decorated by wrapVM (when set), with
// opts: for the scenarios that need to see or shape the VM calls.
func (m matrixPoint) rebuild(r *reporter, b binding, sp *simPod, wrapVM func(netcore.VMNetworkManager) netcore.VMNetworkManager, opts Options) {
	managers := sp.managers()
	if wrapVM != nil {
		managers.VM = wrapVM(managers.VM)
	}
	c, err := b.newController(anyPod{
		NamespaceID:        sp.pod.NamespaceID,
		PolicyBasedRouting: sp.pod.PolicyBasedRouting,
		anyManagers:        managers,
		Capabilities:       capabilityAnswer(m.nsSupported),
		Options:            opts,
	})
	if err != nil {
		r.Fatalf("Subject.New: %v", err)
	}
	sp.ctrl, sp.options = c, opts
}

// failingVM fails the VM calls fail picks, with the error fail returns,
// without passing them on. Each failure waits first, so that whatever the
// controller had already started is under way before it returns; mark
// then records how many calls the world had seen at that moment.
type failingVM struct {
	netcore.VMNetworkManager
	sp   *simPod
	fail func(site, nicID string) error

	mu   sync.Mutex
	mark int // calls seen by the world when the failure returned; -1 before
}

// failureWait is how long a failing call takes: long enough for calls the
// controller started alongside it to reach the world first.
const failureWait = 30 * time.Millisecond

func newFailingVM(sp *simPod, fail func(site, nicID string) error) *failingVM {
	return &failingVM{sp: sp, fail: fail, mark: -1}
}

func (v *failingVM) failed(site, nicID string) error {
	err := v.fail(site, nicID)
	if err == nil {
		return nil
	}
	time.Sleep(failureWait)
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.mark < 0 {
		v.mark = len(v.sp.sim.world.Calls())
	}
	return err
}

func (v *failingVM) AddNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	if err := v.failed("vm.AddNIC", nicID); err != nil {
		return err
	}
	return v.VMNetworkManager.AddNIC(ctx, nicID, a)
}

func (v *failingVM) RemoveNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	if err := v.failed("vm.RemoveNIC", nicID); err != nil {
		return err
	}
	return v.VMNetworkManager.RemoveNIC(ctx, nicID, a)
}

// callsAfterFailure returns the calls the world saw after the failure
// returned.
func (v *failingVM) callsAfterFailure() []simCall {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.mark < 0 {
		return nil
	}
	return v.sp.sim.world.Calls()[v.mark:]
}

// stopsAttaching (contract): once an attach step failed, Setup starts no
// other. With Concurrency 1 a plain error is injected at each attach call
// in turn, and no attach call may follow it. With calls in flight at once,
// each NIC's hot-add fails in turn (slowly, so that what was under way
// gets going), and no attach call may start after the failure returned.
// Either way Setup fails wrapping the fault, leaves Invalid, and Teardown
// leaves nothing.
func stopsAttaching(m matrixPoint, r *reporter, b binding) {
	if !m.concurrent() {
		_, calls := m.callsOf(r, b, "setup")
		for i, call := range calls {
			if !isAttach(call.Site) {
				continue
			}
			f := injection{Kind: faultError, At: i, on: kindOf(call.Site)}
			r.countFault("setup "+call.Site, f)
			when := faultWhen("Setup", f, call)
			sp := m.newSimPod(r, b)
			err := m.failSetup(sp, f)
			expectErrorIs(r, when, err, errInjected)
			made := sp.sim.world.TakeCalls()
			for _, c := range made[min(i+1, len(made)):] {
				if isAttach(c.Site) {
					r.Errorf("%s: %s made after the failed step", when, c.Line())
				}
			}
			expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
			sp.teardownClean(r, when)
		}
		return
	}
	for k := 1; k <= m.endpoints; k++ {
		target := nicID('c', k)
		when := fmt.Sprintf("Setup with the hot-add of its NIC #%d (%s) failing", k, target)
		sp := m.newSimPod(r, b)
		vm := newFailingVM(sp, func(site, nic string) error {
			if site == "vm.AddNIC" && strings.EqualFold(nic, target) {
				return fmt.Errorf("sim: %s %s: %w", site, nic, errInjected)
			}
			return nil
		})
		m.rebuild(r, b, sp, func(inner netcore.VMNetworkManager) netcore.VMNetworkManager {
			vm.VMNetworkManager = inner
			return vm
		}, m.options('c'))
		r.countFault("setup vm.AddNIC", injection{Kind: faultError, Call: "vm.AddNIC " + target})
		err := sp.ctrl.Setup(background())
		expectErrorIs(r, when, err, errInjected)
		for _, c := range vm.callsAfterFailure() {
			if isAttach(c.Site) {
				r.Errorf("%s: %s started after the failure returned", when, c.Line())
			}
		}
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
		sp.teardownClean(r, when)
	}
}

// triesEveryRemoval (contract): Teardown goes on past a removal that
// failed. A plain error is injected at each of its calls in turn; the
// Teardown must still make a removal call for every NIC, fail wrapping the
// fault and leave Invalid, and a retry must leave nothing.
func triesEveryRemoval(m matrixPoint, r *reporter, b binding) {
	_, calls := m.callsOf(r, b, "teardown")
	for i, call := range calls {
		if kindOf(call.Site) == hostCall || !strings.Contains(call.Site, "Remove") || call.Site == "guest.RemoveNamespace" {
			continue
		}
		f := m.errorAt(call, i)
		r.countFault("teardown "+call.Site, f)
		when := faultWhen("Teardown", f, call)
		sp := m.newSimPod(r, b)
		if err := sp.ctrl.Setup(background()); err != nil {
			r.Fatalf("Setup before %s: %v", when, err)
		}
		attached := sp.sim.world.VMNICIDs()
		sp.sim.world.TakeCalls()
		ctx, cancel := context.WithCancel(background())
		sp.sim.arm(f, cancel)
		err := sp.ctrl.Teardown(ctx)
		cancel()
		sp.sim.disarm()
		expectErrorIs(r, when, err, errInjected)
		tried := map[string]bool{}
		for _, c := range sp.sim.world.TakeCalls() {
			tried[strings.ToLower(c.Subject)] = true
		}
		for _, nic := range attached {
			if !tried[nic] {
				r.Errorf("%s: no removal was tried for NIC %s (endpoint %s)", when, nic, sp.sim.world.EndpointOf(nic))
			}
		}
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
		sp.teardownClean(r, "the retry of "+when)
	}
}

// nicIDsOutOfOrder (contract): NIC IDs are opaque. With IDs that sort in
// the reverse of the order they are handed out, Setup still hot-adds eth0
// first and the rest in HCN order, VM and guest agree, and Teardown leaves
// nothing.
func nicIDsOutOfOrder(m matrixPoint, r *reporter, b binding) {
	sp := m.newSimPod(r, b)
	var mu sync.Mutex
	next := 0
	opts := m.options('c')
	opts.NewNICID = func() (string, error) {
		mu.Lock()
		defer mu.Unlock()
		next++
		return nicID('c', 0x1000-next), nil
	}
	m.rebuild(r, b, sp, nil, opts)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	if got, want := sp.sim.world.HotAdded(), (podFixture{endpoints: sp.fixture.guestOrder()}).endpointIDs(); !slices.Equal(got, want) {
		r.Errorf("with NIC IDs that sort against attach order, the VM hot-added endpoints %v; want %v (eth0 first, then HCN order)", got, want)
	}
	if perNIC, _ := sp.guestHolds(); perNIC {
		if bad := sp.sim.world.Mismatch(nil); bad != "" {
			r.Errorf("after Setup: %s", bad)
		}
	}
	sp.checkViolations(r, "Setup")
	sp.teardownClean(r, "Setup with NIC IDs out of order")
}

// concurrencyLimit (uvmnet extension: Tuning.Concurrency) runs a pod of
// more endpoints than the limit, with calls slow enough to overlap:
// Setup and Teardown must each have exactly limit calls in flight at
// their peak, never more (the world records more as a misuse) and not
// fewer (a limit never reached proves nothing).
func concurrencyLimit(m matrixPoint, limit int) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		m.concurrency = limit
		sp := m.newSimPod(r, b)
		opts := sp.sim.world.Options()
		opts.CallDelay = 10 * time.Millisecond
		sp.sim.world.SetOptions(opts)
		sp.sim.world.TakePeakInFlight()
		for _, op := range []struct {
			name string
			run  func(context.Context) error
		}{{"Setup", sp.ctrl.Setup}, {"Teardown", sp.ctrl.Teardown}} {
			if err := op.run(background()); err != nil {
				r.Fatalf("%s: %v", op.name, err)
			}
			if peak := sp.sim.world.TakePeakInFlight(); peak != limit {
				r.Errorf("%s of %d endpoints at Concurrency %d had at most %d calls in flight at once; want exactly %d", op.name, m.endpoints, limit, peak, limit)
			}
			sp.checkViolations(r, op.name)
		}
		sp.checkClean(r, "after Teardown")
	}
}
