package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
)

// The hot-plug scenarios change HCN under a Configured pod, as CNI does
// when a network is attached or detached while the pod runs, and check
// that Reconcile, AddEndpoint and RemoveEndpoint bring the VM and guest in
// line, roll back what fails, and never leak.

// hotPlugChange is the change every hot-plug scenario makes: two
// endpoints join the namespace and the first of the pod's leaves.
type hotPlugChange struct {
	added []string // endpoint IDs that join
	gone  string   // endpoint ID that leaves
	want  []string // endpoint IDs the VM should carry afterwards, sorted
}

// applyHotPlugChange makes the change in sp's HCN.
func (sp *simPod) applyHotPlugChange() hotPlugChange {
	joining := newPodFixture(sp.pod.NamespaceID, 2, 'h')
	sp.sim.addEndpoints(sp.pod.NamespaceID, joining.endpoints...)
	ch := hotPlugChange{gone: sp.fixture.endpoints[0].Id}
	sp.sim.dropEndpoint(sp.pod.NamespaceID, ch.gone)
	for _, ep := range joining.endpoints {
		ch.added = append(ch.added, ep.Id)
	}
	ch.want = append(ch.want, ch.added...)
	for _, ep := range sp.fixture.endpoints[1:] {
		ch.want = append(ch.want, ep.Id)
	}
	slices.Sort(ch.want)
	return ch
}

// stateHotPlug: Reconcile with nothing changed makes no VM or guest call;
// after the change it detaches the vanished endpoint before attaching the
// new ones, and the VM carries exactly the namespace's endpoints;
// AddEndpoint and RemoveEndpoint do one endpoint, idempotently where the
// contract says so; Teardown then leaves nothing.
func (m matrixPoint) stateHotPlug(r *reporter, p Platform) {
	ctx := background()
	sp := m.newSimPod(r, p)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	sp.sim.takeCalls()

	res, err := sp.ctrl.Reconcile(ctx)
	if err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("Reconcile with HCN unchanged: got %+v, %v; want no change and no error", res, err)
	}
	expectOnlyReads(r, "Reconcile with HCN unchanged", sp.sim.takeCalls())

	ch := sp.applyHotPlugChange()
	res, err = sp.ctrl.Reconcile(ctx)
	if err != nil {
		r.Fatalf("Reconcile: %v", err)
	}
	expectState(r, "after Reconcile", sp.ctrl, netcore.StateConfigured)
	if len(res.Added) != len(ch.added) || len(res.Removed) != 1 || res.Removed[0].Endpoint.Id != ch.gone {
		r.Errorf("Reconcile result: added %d, removed %v; want %d added and %s removed", len(res.Added), res.Removed, len(ch.added), ch.gone)
	}
	if got := sp.sim.vmEndpoints(); !slices.Equal(got, ch.want) {
		r.Errorf("after Reconcile the VM carries %v; want %v", got, ch.want)
	}
	if perNIC, _ := sp.guestHolds(); perNIC {
		if _, guest, _ := sp.sim.holdings(); guest != len(ch.want) {
			r.Errorf("after Reconcile the guest holds %d NICs; want %d", guest, len(ch.want))
		}
	}
	calls := sp.sim.takeCalls()
	lastRemove, firstAdd := -1, len(calls)
	for i, c := range calls {
		if c == "vm.RemoveNIC" {
			lastRemove = i
		}
		if c == "vm.AddNIC" && i < firstAdd {
			firstAdd = i
		}
	}
	if lastRemove > firstAdd {
		r.Errorf("Reconcile hot-added before it finished removing: %v", calls)
	}
	sp.checkViolations(r, "during Reconcile")

	if res, err := sp.ctrl.AddEndpoint(ctx, ch.added[0]); err != nil || len(res.Added) != 0 {
		r.Errorf("AddEndpoint of an attached endpoint: got %+v, %v; want nothing done", res, err)
	}
	if calls := sp.sim.takeCalls(); len(calls) != 0 {
		r.Errorf("AddEndpoint of an attached endpoint made calls: %v", calls)
	}
	if _, err := sp.ctrl.AddEndpoint(ctx, "not-a-guid"); !errdefs.IsInvalidArgument(err) {
		r.Errorf("AddEndpoint with a bad ID: want an invalid argument, got %v", err)
	}
	if res, err := sp.ctrl.RemoveEndpoint(ctx, ch.added[1]); err != nil || len(res.Removed) != 1 {
		r.Errorf("RemoveEndpoint: got %+v, %v", res, err)
	}
	if _, err := sp.ctrl.RemoveEndpoint(ctx, ch.added[1]); !errdefs.IsNotFound(err) {
		r.Errorf("RemoveEndpoint of a detached endpoint: want not found, got %v", err)
	}
	if res, err := sp.ctrl.AddEndpoint(ctx, ch.added[1]); err != nil || len(res.Added) != 1 {
		r.Errorf("AddEndpoint: got %+v, %v", res, err)
	}
	if got := sp.sim.vmEndpoints(); !slices.Equal(got, ch.want) {
		r.Errorf("after RemoveEndpoint and AddEndpoint the VM carries %v; want %v", got, ch.want)
	}
	sp.checkViolations(r, "during AddEndpoint and RemoveEndpoint")

	if err := sp.ctrl.Teardown(ctx); err != nil {
		r.Fatalf("Teardown: %v", err)
	}
	sp.checkClean(r, "after Teardown")
	sp.checkViolations(r, "during Teardown")
}

// faultsInHotPlug faults every call a Reconcile makes that adds two
// endpoints and removes one, one run per call and fault.
func (m matrixPoint) faultsInHotPlug(r *reporter, p Platform) {
	prepare := func(sp *simPod) error {
		if err := sp.ctrl.Setup(background()); err != nil {
			return err
		}
		sp.applyHotPlugChange()
		return nil
	}
	reconcile := func(sp *simPod) error {
		_, err := sp.ctrl.Reconcile(background())
		return err
	}
	sites := m.callsOf(r, p, prepare, reconcile)
	for i, site := range sites {
		for _, f := range m.faultsAt(kindOf(site), i) {
			m.hotPlugFault(r, p, f, site)
		}
	}
}

// hotPlugFault: Reconcile hit by f reports it (unless what failed was a
// removal from something gone, which counts as done), rolls back the
// endpoint whose attach failed, stays Configured, and a retry converges;
// Teardown then leaves nothing.
func (m matrixPoint) hotPlugFault(r *reporter, p Platform, f Fault, site string) {
	r.countFault("hot-plug " + site)
	when := fmt.Sprintf("Reconcile with %s (%s)", f, site)
	sp := m.newSimPod(r, p)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Errorf("Setup before %s: %v", when, err)
		return
	}
	ch := sp.applyHotPlugChange()
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	_, err := sp.ctrl.Reconcile(ctx)
	if fired, _ := sp.sim.disarm(); !fired {
		r.Errorf("%s: the fault never fired; the fault-free run made different calls", when)
		return
	}
	sp.checkViolations(r, when)
	expectState(r, "after "+when, sp.ctrl, netcore.StateConfigured)
	switch {
	case err != nil:
		// A dead VM takes the guest with it: later calls report whichever
		// of the two they reach.
		vmGone := f.Kind == FaultVMGone && (errors.Is(err, netcore.ErrGuestUnavailable) || errors.Is(err, netcore.ErrVMUnavailable))
		if !errors.Is(err, f.Cause()) && !vmGone {
			r.Errorf("%s: error %q does not wrap %q", when, err, f.Cause())
		}
		var hp *netcore.HotPlugError
		if errors.As(err, &hp) {
			held := sp.sim.vmEndpoints()
			for id := range hp.Failed {
				if slices.Contains(ch.added, id) && slices.Contains(held, id) {
					r.Errorf("%s: the attach of %s failed, yet the VM still carries it (not rolled back)", when, id)
				}
			}
		}
	case !f.gone():
		r.Errorf("%s: got nil error; the fault was swallowed", when)
	}
	if !f.gone() {
		if _, err := sp.ctrl.Reconcile(background()); err != nil {
			r.Errorf("Reconcile retried after %s: %v", when, err)
		}
		if got := sp.sim.vmEndpoints(); !slices.Equal(got, ch.want) {
			r.Errorf("after a retried Reconcile (%s) the VM carries %v; want %v", when, got, ch.want)
		}
		sp.checkViolations(r, "retried Reconcile after "+when)
	}
	if err := sp.ctrl.Teardown(background()); err != nil {
		r.Errorf("Teardown after %s: %v", when, err)
	}
	expectState(r, "at the end of "+when, sp.ctrl, netcore.StateTornDown)
	sp.checkClean(r, "at the end of "+when)
	sp.checkViolations(r, "Teardown after "+when)
}

// expectOnlyReads reports any call in calls that is not an HCN read.
func expectOnlyReads(r *reporter, what string, calls []string) {
	for _, c := range calls {
		if !strings.HasPrefix(c, "host.") {
			r.Errorf("%s: made %s; want only HCN reads", what, c)
		}
	}
}
