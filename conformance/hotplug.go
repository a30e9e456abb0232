package conformance

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
)

// The hot-plug scenarios change HCN under a Configured pod, as CNI does
// when a network is attached or detached while the pod runs, and check
// that Reconcile, AddEndpoint and RemoveEndpoint bring the VM and guest in
// line, roll back what fails, and never leak.

// unknownEndpointID is a well-formed endpoint ID that HCN never holds.
const unknownEndpointID = "e0000000-00ff-4000-8000-0000000000ff"

// The hot-plug operations the fault matrix drives.
const (
	opReconcile      = "reconcile"
	opAddEndpoint    = "add-endpoint"
	opRemoveEndpoint = "remove-endpoint"
)

// hotPlugCase is one hot-plug operation on a Configured pod and the HCN
// change behind it.
type hotPlugCase struct {
	op string
	// added are the endpoint IDs the operation must attach, vanished those
	// it must detach.
	added, vanished []string
	// want are the endpoint IDs the VM must carry once it succeeded,
	// sorted.
	want []string
	// run runs the operation once.
	run func(ctx context.Context, c Controller) (netcore.HotPlugResult, error)
}

// newHotPlugCase makes, in sp's HCN, the change behind op:
//   - reconcile: two endpoints join the namespace (one of them named as a
//     primary, "..._eth0") and the first of the pod's leaves;
//   - add-endpoint: one endpoint joins and is added by ID;
//   - remove-endpoint: the pod's first endpoint is removed by ID; it stays
//     in HCN.
func (sp *simPod) newHotPlugCase(op string) *hotPlugCase {
	hc := &hotPlugCase{op: op}
	attached := sp.fixture.endpointIDs()
	switch op {
	case opReconcile:
		joining := newPodFixture(sp.pod.NamespaceID, 2, 'h')
		sp.sim.addEndpoints(sp.pod.NamespaceID, joining.endpoints...)
		gone := sp.fixture.endpoints[0].Id
		sp.sim.dropEndpoint(sp.pod.NamespaceID, gone)
		hc.added, hc.vanished = joining.endpointIDs(), []string{gone}
		hc.run = func(ctx context.Context, c Controller) (netcore.HotPlugResult, error) { return c.Reconcile(ctx) }
	case opAddEndpoint:
		joining := newPodFixture(sp.pod.NamespaceID, 1, 'h')
		sp.sim.addEndpoints(sp.pod.NamespaceID, joining.endpoints...)
		id := joining.endpoints[0].Id
		hc.added = []string{id}
		hc.run = func(ctx context.Context, c Controller) (netcore.HotPlugResult, error) { return c.AddEndpoint(ctx, id) }
	case opRemoveEndpoint:
		id := sp.fixture.endpoints[0].Id
		hc.vanished = []string{id}
		hc.run = func(ctx context.Context, c Controller) (netcore.HotPlugResult, error) {
			return c.RemoveEndpoint(ctx, id)
		}
	default:
		panic("conformance: unknown hot-plug operation " + op)
	}
	hc.want = afterHotPlug(attached, hc.added, hc.vanished)
	return hc
}

// afterHotPlug returns, sorted, attached with added joined and removed
// taken out.
func afterHotPlug(attached, added, removed []string) []string {
	out := slices.Clone(attached)
	out = append(out, added...)
	out = slices.DeleteFunc(out, func(id string) bool { return slices.Contains(removed, id) })
	slices.Sort(out)
	return slices.Compact(out)
}

// endpointIDsOf returns the endpoint IDs of nics.
func endpointIDsOf(nics []netcore.NICInfo) []string {
	out := make([]string, len(nics))
	for i, n := range nics {
		out[i] = n.Endpoint.Id
	}
	return out
}

// stateHotPlug: Reconcile with nothing changed makes no VM or guest call;
// after the change it detaches the vanished endpoint before attaching the
// new ones under fresh NIC IDs, leaves the others alone, and the VM and the
// guest carry exactly the namespace's endpoints; a second Reconcile makes
// no VM or guest call; AddEndpoint and RemoveEndpoint do one endpoint,
// idempotently where the contract says so, and refuse a malformed, unknown
// or detached one; Teardown then leaves nothing.
func (m matrixPoint) stateHotPlug(r *reporter, p Platform) {
	ctx := background()
	sp := m.newSimPod(r, p)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	perNIC, _ := sp.guestHolds()
	setupCalls := sp.sim.takeCalls()

	res, err := sp.ctrl.Reconcile(ctx)
	if err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("Reconcile with HCN unchanged: got %+v, %v; want no change and no error", res, err)
	}
	expectOnlyReads(r, "Reconcile with HCN unchanged", sp.sim.takeCalls())

	hc := sp.newHotPlugCase(opReconcile)
	res, err = hc.run(ctx, sp.ctrl)
	if err != nil {
		r.Fatalf("Reconcile: %v", err)
	}
	expectState(r, "after Reconcile", sp.ctrl, netcore.StateConfigured)
	if got, want := slices.Sorted(slices.Values(endpointIDsOf(res.Added))), slices.Sorted(slices.Values(hc.added)); !slices.Equal(got, want) {
		r.Errorf("Reconcile result: added %v; want %v", got, want)
	}
	if got := endpointIDsOf(res.Removed); !slices.Equal(got, hc.vanished) {
		r.Errorf("Reconcile result: removed %v; want %v", got, hc.vanished)
	}
	if got := sp.sim.vmEndpoints(); !slices.Equal(got, hc.want) {
		r.Errorf("after Reconcile the VM carries %v; want %v", got, hc.want)
	}
	if perNIC {
		if bad := sp.sim.mismatch(nil); bad != "" {
			r.Errorf("after Reconcile: %s", bad)
		}
	}
	calls := sp.sim.takeCalls()
	// The NICs Setup made are untouched but for the vanished one's, and
	// every removal comes before the first addition.
	var goneNIC string
	for _, c := range setupCalls {
		if c.Site == "vm.AddNIC" && sp.sim.endpointOf(c.Subject) == hc.vanished[0] {
			goneNIC = c.Subject
		}
	}
	lastRemove, firstAdd := -1, len(calls)
	for i, c := range calls {
		switch {
		case c.Site == "vm.RemoveNIC" || c.Site == "guest.RemoveNIC":
			lastRemove = i
			if c.Subject != goneNIC {
				r.Errorf("Reconcile removed NIC %s (%s); only NIC %s lost its endpoint", c.Subject, c.Site, goneNIC)
			}
		case strings.HasPrefix(c.Site, "vm.") || strings.HasPrefix(c.Site, "guest."):
			firstAdd = min(firstAdd, i)
			for _, s := range setupCalls {
				if s.Subject == c.Subject && s.Subject != sp.pod.NamespaceID {
					r.Errorf("Reconcile made %s on a NIC Setup attached: the new endpoints need fresh NIC IDs", c)
				}
			}
		}
	}
	if lastRemove > firstAdd {
		r.Errorf("Reconcile attached before it finished removing: %v", calls)
	}
	sp.checkViolations(r, "during Reconcile")

	res, err = sp.ctrl.Reconcile(ctx)
	if err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("second Reconcile with HCN unchanged: got %+v, %v; want no change and no error", res, err)
	}
	expectOnlyReads(r, "second Reconcile with HCN unchanged", sp.sim.takeCalls())

	if res, err := sp.ctrl.AddEndpoint(ctx, hc.added[0]); err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("AddEndpoint of an attached endpoint: got %+v, %v; want nothing done", res, err)
	}
	if calls := sp.sim.takeCalls(); len(calls) != 0 {
		r.Errorf("AddEndpoint of an attached endpoint made calls: %v", calls)
	}
	if _, err := sp.ctrl.AddEndpoint(ctx, "not-a-guid"); !errdefs.IsInvalidArgument(err) {
		r.Errorf("AddEndpoint with a malformed ID: want an invalid argument, got %v", err)
	}
	if _, err := sp.ctrl.AddEndpoint(ctx, unknownEndpointID); !errdefs.IsNotFound(err) {
		r.Errorf("AddEndpoint of an endpoint HCN does not hold: want not found, got %v", err)
	}
	expectOnlyReads(r, "AddEndpoint of an unknown or malformed endpoint", sp.sim.takeCalls())
	if _, err := sp.ctrl.RemoveEndpoint(ctx, unknownEndpointID); !errdefs.IsNotFound(err) {
		r.Errorf("RemoveEndpoint of an endpoint never attached: want not found, got %v", err)
	}
	if res, err := sp.ctrl.RemoveEndpoint(ctx, hc.added[1]); err != nil || len(res.Removed) != 1 || len(res.Added) != 0 {
		r.Errorf("RemoveEndpoint: got %+v, %v; want one NIC removed", res, err)
	}
	if _, err := sp.ctrl.RemoveEndpoint(ctx, hc.added[1]); !errdefs.IsNotFound(err) {
		r.Errorf("RemoveEndpoint of a detached endpoint: want not found, got %v", err)
	}
	if res, err := sp.ctrl.AddEndpoint(ctx, hc.added[1]); err != nil || len(res.Added) != 1 || len(res.Removed) != 0 {
		r.Errorf("AddEndpoint: got %+v, %v; want one NIC added", res, err)
	}
	if got := sp.sim.vmEndpoints(); !slices.Equal(got, hc.want) {
		r.Errorf("after RemoveEndpoint and AddEndpoint the VM carries %v; want %v", got, hc.want)
	}
	if perNIC {
		if bad := sp.sim.mismatch(nil); bad != "" {
			r.Errorf("after RemoveEndpoint and AddEndpoint: %s", bad)
		}
	}
	expectState(r, "after AddEndpoint and RemoveEndpoint", sp.ctrl, netcore.StateConfigured)
	sp.checkViolations(r, "during AddEndpoint and RemoveEndpoint")

	if err := sp.ctrl.Teardown(ctx); err != nil {
		r.Fatalf("Teardown: %v", err)
	}
	sp.checkClean(r, "after Teardown")
	sp.checkViolations(r, "during Teardown")
}

// faultsInHotPlug faults every call op makes on a Configured pod, one run
// per call and fault: for a Reconcile, one that adds two endpoints and
// removes one.
func (m matrixPoint) faultsInHotPlug(op string) func(r *reporter, p Platform) {
	return func(r *reporter, p Platform) {
		prepare := func(sp *simPod) error {
			if err := sp.ctrl.Setup(background()); err != nil {
				return err
			}
			sp.hotPlug = sp.newHotPlugCase(op)
			return nil
		}
		run := func(sp *simPod) error {
			_, err := sp.hotPlug.run(background(), sp.ctrl)
			return err
		}
		m.faultMatrix(r, p, prepare, run, func(f Fault, target simCall, clean *simPod) {
			m.hotPlugFault(r, p, op, f, target, clean.sim.endpointOf(target.Subject))
		})
	}
}

// hotPlugFault: a hot-plug operation hit by f reports it (unless what
// failed was a removal from something gone, which counts as done) in a
// *netcore.HotPlugError naming the endpoint, or, when a read failed, with
// nothing changed; it rolls back the endpoints whose attach failed, keeps
// the removals that succeeded, and stays Configured (Invalid only if a
// rollback failed). Retried, it converges; Teardown then leaves nothing.
// targetEndpoint is the endpoint behind the faulted call, "" for a read.
func (m matrixPoint) hotPlugFault(r *reporter, p Platform, op string, f Fault, target simCall, targetEndpoint string) {
	r.countFault(op + " " + target.Site)
	when := faultWhen(op, f, target)
	sp := m.newSimPod(r, p)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Errorf("Setup before %s: %v", when, err)
		return
	}
	perNIC, _ := sp.guestHolds()
	hc := sp.newHotPlugCase(op)
	before := sp.sim.vmEndpoints()
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	res, err := hc.run(ctx, sp.ctrl)
	if !m.checkHit(r, sp, when, f, target) {
		return
	}
	sp.checkViolations(r, when)

	var hp *netcore.HotPlugError
	isHotPlugErr := errors.As(err, &hp)
	failed := map[string]error{}
	if isHotPlugErr {
		failed = hp.Failed
	}
	stuck := false
	switch s := sp.ctrl.State(); {
	case s == netcore.StateConfigured:
	case s == netcore.StateInvalid && err != nil && strings.Contains(err.Error(), "roll back"):
		stuck = true // a rollback failed: Teardown must finish the job
	default:
		r.Errorf("state after %s: got %s, want %s (Invalid only if a rollback failed); error: %v", when, s, netcore.StateConfigured, err)
	}

	switch {
	case err != nil:
		// A dead VM takes the guest with it: later calls report whichever
		// of the two they reach.
		vmGone := f.Kind == FaultVMGone && (errors.Is(err, netcore.ErrGuestUnavailable) || errors.Is(err, netcore.ErrVMUnavailable))
		if !errors.Is(err, f.Cause()) && !vmGone {
			r.Errorf("%s: error %q does not wrap %q", when, err, f.Cause())
		}
	case !f.gone():
		r.Errorf("%s: got nil error; the fault was swallowed", when)
	}

	if kindOf(target.Site) == hostCall {
		// A failed read comes before any change.
		if len(res.Added)+len(res.Removed) != 0 {
			r.Errorf("%s: a read failed, yet the result reports changes: %+v", when, res)
		}
		if got := sp.sim.vmEndpoints(); !slices.Equal(got, before) {
			r.Errorf("%s: a read failed, yet the VM now carries %v; it carried %v", when, got, before)
		}
	} else {
		if err != nil && !isHotPlugErr {
			r.Errorf("%s: want a *netcore.HotPlugError naming endpoint %s, got %T: %v", when, targetEndpoint, err, err)
		}
		removal := slices.Contains(hc.vanished, targetEndpoint)
		switch _, named := failed[targetEndpoint]; {
		case removal && f.gone() && named:
			r.Errorf("%s: the removal of endpoint %s from what is gone counts as done, yet the error names it", when, targetEndpoint)
		case (!removal || !f.gone()) && !named && err != nil && isHotPlugErr:
			r.Errorf("%s: the error does not name endpoint %s, whose call failed: %v", when, targetEndpoint, err)
		}
	}
	// Every endpoint the operation had to change was either changed or
	// named as failed, never both.
	added, vanished := hc.added, hc.vanished
	if kindOf(target.Site) == hostCall {
		added, vanished = nil, nil // checked above: nothing changed
	}
	for _, id := range added {
		_, named := failed[id]
		if in := slices.Contains(endpointIDsOf(res.Added), id); in == named {
			r.Errorf("%s: endpoint %s to attach: in the result's Added %v, named in the error %v; want exactly one", when, id, in, named)
		}
	}
	for _, id := range vanished {
		_, named := failed[id]
		if in := slices.Contains(endpointIDsOf(res.Removed), id); in == named {
			r.Errorf("%s: endpoint %s to detach: in the result's Removed %v, named in the error %v; want exactly one", when, id, in, named)
		}
	}
	vmGone, guestGone := sp.sim.gone()
	if !vmGone {
		// What was rolled back is off the VM, what was removed stays
		// removed, the rest is untouched.
		want := afterHotPlug(before, endpointIDsOf(res.Added), endpointIDsOf(res.Removed))
		if got := sp.sim.vmEndpoints(); !slices.Equal(got, want) {
			r.Errorf("after %s the VM carries %v; want %v (added %v, removed %v, failed %v)",
				when, got, want, endpointIDsOf(res.Added), endpointIDsOf(res.Removed), slices.Sorted(maps.Keys(failed)))
		}
		if perNIC && !guestGone {
			// A removal that failed half-way leaves its NIC on the VM alone.
			if bad := sp.sim.mismatch(hc.vanished); bad != "" {
				r.Errorf("after %s: %s", when, bad)
			}
		}
	}

	if !f.gone() && !stuck {
		if _, err := hc.run(background(), sp.ctrl); err != nil && !(op == opRemoveEndpoint && errdefs.IsNotFound(err) && len(failed) == 0) {
			r.Errorf("%s retried after %s: %v", op, when, err)
		}
		if got := sp.sim.vmEndpoints(); !slices.Equal(got, hc.want) {
			r.Errorf("after a retried %s (%s) the VM carries %v; want %v", op, when, got, hc.want)
		}
		if perNIC {
			if bad := sp.sim.mismatch(nil); bad != "" {
				r.Errorf("after a retried %s (%s): %s", op, when, bad)
			}
		}
		expectState(r, "after a retried "+op+" ("+when+")", sp.ctrl, netcore.StateConfigured)
		sp.checkViolations(r, "retried "+op+" after "+when)
		if op == opReconcile {
			sp.sim.takeCalls()
			if res, err := sp.ctrl.Reconcile(background()); err != nil || len(res.Added)+len(res.Removed) != 0 {
				r.Errorf("Reconcile after the retry (%s): got %+v, %v; want nothing to do", when, res, err)
			}
			expectOnlyReads(r, "Reconcile after the retry ("+when+")", sp.sim.takeCalls())
		}
	}
	if err := sp.ctrl.Teardown(background()); err != nil {
		r.Errorf("Teardown after %s: %v", when, err)
	}
	expectState(r, "at the end of "+when, sp.ctrl, netcore.StateTornDown)
	sp.checkClean(r, "at the end of "+when)
	sp.checkViolations(r, "Teardown after "+when)
}

// expectOnlyReads reports any call in calls that is not an HCN read.
func expectOnlyReads(r *reporter, what string, calls []simCall) {
	for _, c := range calls {
		if kindOf(c.Site) != hostCall {
			r.Errorf("%s: made %s; want only HCN reads", what, c)
		}
	}
}
