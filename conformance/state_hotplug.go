package conformance

import (
	"context"
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
	run func(ctx context.Context, c controller) (netcore.HotPlugResult, error)
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
		sp.sim.world.DropEndpoint(sp.pod.NamespaceID, gone)
		hc.added, hc.vanished = joining.endpointIDs(), []string{gone}
		hc.run = func(ctx context.Context, c controller) (netcore.HotPlugResult, error) { return c.Reconcile(ctx) }
	case opAddEndpoint:
		joining := newPodFixture(sp.pod.NamespaceID, 1, 'h')
		sp.sim.addEndpoints(sp.pod.NamespaceID, joining.endpoints...)
		id := joining.endpoints[0].Id
		hc.added = []string{id}
		hc.run = func(ctx context.Context, c controller) (netcore.HotPlugResult, error) { return c.AddEndpoint(ctx, id) }
	case opRemoveEndpoint:
		id := sp.fixture.endpoints[0].Id
		hc.vanished = []string{id}
		hc.run = func(ctx context.Context, c controller) (netcore.HotPlugResult, error) {
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
func stateHotPlug(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	perNIC, _ := sp.guestHolds()
	setupCalls := sp.sim.world.TakeCalls()

	res, err := sp.ctrl.Reconcile(ctx)
	if err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("Reconcile with HCN unchanged: got %+v, %v; want no change and no error", res, err)
	}
	expectOnlyReads(r, "Reconcile with HCN unchanged", sp.sim.world.TakeCalls())

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
	if got := sp.sim.world.VMEndpoints(); !slices.Equal(got, hc.want) {
		r.Errorf("after Reconcile the VM carries %v; want %v", got, hc.want)
	}
	if perNIC {
		if bad := sp.sim.world.Mismatch(nil); bad != "" {
			r.Errorf("after Reconcile: %s", bad)
		}
	}
	calls := sp.sim.world.TakeCalls()
	// The NICs Setup made are untouched but for the vanished one's, and
	// every removal comes before the first addition.
	var goneNIC string
	for _, c := range setupCalls {
		if c.Site == "vm.AddNIC" && sp.sim.world.EndpointOf(c.Subject) == hc.vanished[0] {
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
	expectOnlyReads(r, "second Reconcile with HCN unchanged", sp.sim.world.TakeCalls())

	if res, err := sp.ctrl.AddEndpoint(ctx, hc.added[0]); err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("AddEndpoint of an attached endpoint: got %+v, %v; want nothing done", res, err)
	}
	if calls := sp.sim.world.TakeCalls(); len(calls) != 0 {
		r.Errorf("AddEndpoint of an attached endpoint made calls: %v", calls)
	}
	_, err = sp.ctrl.AddEndpoint(ctx, "not-a-guid")
	expectRefusal(r, "AddEndpoint with a malformed ID", err, errdefs.ErrInvalidArgument)
	_, err = sp.ctrl.AddEndpoint(ctx, unknownEndpointID)
	expectRefusal(r, "AddEndpoint of an endpoint HCN does not hold", err, errdefs.ErrNotFound)
	expectOnlyReads(r, "AddEndpoint of an unknown or malformed endpoint", sp.sim.world.TakeCalls())
	_, err = sp.ctrl.RemoveEndpoint(ctx, unknownEndpointID)
	expectRefusal(r, "RemoveEndpoint of an endpoint never attached", err, errdefs.ErrNotFound)
	if res, err := sp.ctrl.RemoveEndpoint(ctx, hc.added[1]); err != nil || len(res.Removed) != 1 || len(res.Added) != 0 {
		r.Errorf("RemoveEndpoint: got %+v, %v; want one NIC removed", res, err)
	}
	_, err = sp.ctrl.RemoveEndpoint(ctx, hc.added[1])
	expectRefusal(r, "RemoveEndpoint of a detached endpoint", err, errdefs.ErrNotFound)
	if res, err := sp.ctrl.AddEndpoint(ctx, hc.added[1]); err != nil || len(res.Added) != 1 || len(res.Removed) != 0 {
		r.Errorf("AddEndpoint: got %+v, %v; want one NIC added", res, err)
	}
	if got := sp.sim.world.VMEndpoints(); !slices.Equal(got, hc.want) {
		r.Errorf("after RemoveEndpoint and AddEndpoint the VM carries %v; want %v", got, hc.want)
	}
	if perNIC {
		if bad := sp.sim.world.Mismatch(nil); bad != "" {
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
