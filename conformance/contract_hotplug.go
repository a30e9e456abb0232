package conformance

import (
	"errors"
	"slices"

	"github.com/containerd/errdefs"
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// contractHotPlug drives hot-plug over gomock managers and expects, with
// exact arguments, every call: a Reconcile with HCN unchanged only reads;
// one after the pod's first endpoint left and two joined reads, detaches
// the vanished NIC (guest side first) and then attaches the new endpoints
// (eth0 first) with the platform's steps under the next NIC IDs of the
// generator, touching nothing else; a second Reconcile only reads again.
// AddEndpoint of an attached endpoint makes no call, of a malformed ID is
// an invalid argument without a call, of an endpoint HCN does not hold is
// not found after the one read. RemoveEndpoint of an endpoint not attached
// is not found without a call; one whose hot-remove fails leaves the NIC
// half removed (Save refuses it), and the retry makes only the hot-remove.
// Teardown then removes what is left. With Concurrency 1 the calls come
// in exactly this order; above, each operation's calls come after the
// previous operation's, reads before changes, removals before additions,
// each NIC's steps in order and each attach step across NICs in endpoint
// order.
func contractHotPlug(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	ctrl := gomock.NewController(r)
	q := m.sequence()
	s := m.setUpSource(r, b, ctrl, &q)
	w := s.w
	attached := slices.Clone(s.nics) // what the controller tracks, in attach order
	next := len(s.nics) + 1
	fresh := func(ep *hcnmodel.Endpoint) netcore.NICInfo {
		info := netcore.NICInfo{ID: nicID('a', next), Endpoint: ep}
		next++
		return info
	}

	// Reconcile with HCN unchanged.
	w.expectReads(&q, s.fixture)

	// Reconcile after the change.
	joining := newPodFixture(sourceNamespaceID, 2, 'h')
	gone := s.fixture.endpoints[0]
	changed := podFixture{namespace: s.fixture.namespace, endpoints: append(slices.Clone(s.fixture.endpoints[1:]), joining.endpoints...)}
	w.expectReads(&q, changed)
	goneAt := slices.IndexFunc(attached, func(n netcore.NICInfo) bool { return n.Endpoint.Id == gone.Id })
	removed := attached[goneAt]
	w.expectDetach(&q, s.pod, removed.ID, gone)
	attached = slices.Delete(attached, goneAt, goneAt+1)
	q.phase()
	var added []netcore.NICInfo
	for _, ep := range changed.guestOrder() {
		if !slices.Contains(joining.endpointIDs(), ep.Id) {
			continue
		}
		info := fresh(ep)
		w.expectAttach(&q, s.pod, info.ID, ep)
		added = append(added, info)
	}
	attached = append(attached, added...)

	// A second Reconcile, then AddEndpoint of an endpoint the namespace
	// does not list: the listing alone refuses it.
	w.expectReads(&q, changed)
	q.add(w.host.EXPECT().GetNamespaceEndpointIDs(gomock.Any(), changed.namespace.Id).Return(changed.endpointIDs(), nil))
	q.phase()

	// RemoveEndpoint whose hot-remove fails, then its retry.
	victim := added[len(added)-1]
	adapter := &netcore.NetworkAdapter{EndpointId: victim.Endpoint.Id, MacAddress: victim.Endpoint.MacAddress}
	w.expectGuestNIC(&q, StepRemoveNIC, s.pod, victim.ID, victim.Endpoint)
	q.phase()
	q.add(w.vmNIC("RemoveNIC", victim.ID, adapter).Return(errInjected))
	q.phase()
	q.add(w.vmNIC("RemoveNIC", victim.ID, adapter).Return(nil))
	q.phase()
	attached = slices.DeleteFunc(attached, func(n netcore.NICInfo) bool { return n.ID == victim.ID })

	// AddEndpoint of it again: the listing, one read, then the attach
	// under a fresh ID.
	q.add(w.host.EXPECT().GetNamespaceEndpointIDs(gomock.Any(), changed.namespace.Id).Return(changed.endpointIDs(), nil))
	q.phase()
	q.add(w.host.EXPECT().GetEndpointByID(gomock.Any(), victim.Endpoint.Id).Return(cloneEndpoint(victim.Endpoint), nil))
	q.phase()
	readded := fresh(victim.Endpoint)
	w.expectAttach(&q, s.pod, readded.ID, readded.Endpoint)
	attached = append(attached, readded)

	s.expectTeardown(&q, attached, s.fixture.namespace)
	s.allowRereads(changed)
	q.enforce()

	if err := s.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	if res, err := s.ctrl.Reconcile(ctx); err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("Reconcile with HCN unchanged: got %+v, %v; want no change", res, err)
	}
	res, err := s.ctrl.Reconcile(ctx)
	if err != nil {
		r.Fatalf("Reconcile: %v", err)
	}
	expectNICs(r, w.ids, "Reconcile's Removed", res.Removed, []netcore.NICInfo{removed})
	expectNICs(r, w.ids, "Reconcile's Added", res.Added, added)
	expectState(r, "after Reconcile", s.ctrl, netcore.StateConfigured)
	if res, err := s.ctrl.Reconcile(ctx); err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("second Reconcile: got %+v, %v; want no change", res, err)
	}

	if res, err := s.ctrl.AddEndpoint(ctx, added[0].Endpoint.Id); err != nil || len(res.Added)+len(res.Removed) != 0 {
		r.Errorf("AddEndpoint of an attached endpoint: got %+v, %v; want nothing done", res, err)
	}
	_, err = s.ctrl.AddEndpoint(ctx, "not-a-guid")
	expectRefusal(r, "AddEndpoint with a malformed ID", err, errdefs.ErrInvalidArgument)
	_, err = s.ctrl.AddEndpoint(ctx, unknownEndpointID)
	expectRefusal(r, "AddEndpoint of an endpoint HCN does not hold", err, errdefs.ErrNotFound)
	_, err = s.ctrl.RemoveEndpoint(ctx, unknownEndpointID)
	expectRefusal(r, "RemoveEndpoint of an endpoint never attached", err, errdefs.ErrNotFound)
	expectState(r, "after refused hot-plug calls", s.ctrl, netcore.StateConfigured)

	_, err = s.ctrl.RemoveEndpoint(ctx, victim.Endpoint.Id)
	expectErrorIs(r, "RemoveEndpoint whose hot-remove fails", err, errInjected)
	var hp *netcore.HotPlugError
	if !errors.As(err, &hp) {
		r.Errorf("RemoveEndpoint whose hot-remove fails: want a *netcore.HotPlugError, got %T: %v", err, err)
	} else if _, ok := hp.Failed[victim.Endpoint.Id]; !ok || len(hp.Failed) != 1 {
		r.Errorf("RemoveEndpoint whose hot-remove fails: the error names %v; want only endpoint %s", hp.Failed, victim.Endpoint.Id)
	}
	expectState(r, "after a failed RemoveEndpoint", s.ctrl, netcore.StateConfigured)
	_, err = s.ctrl.Save(ctx)
	expectRefusal(r, "Save with a NIC half removed", err, errdefs.ErrFailedPrecondition)
	expectState(r, "after a refused Save", s.ctrl, netcore.StateConfigured)
	res, err = s.ctrl.RemoveEndpoint(ctx, victim.Endpoint.Id)
	if err != nil {
		r.Errorf("RemoveEndpoint retried: %v", err)
	}
	expectNICs(r, w.ids, "retried RemoveEndpoint's Removed", res.Removed, []netcore.NICInfo{victim})
	_, err = s.ctrl.RemoveEndpoint(ctx, victim.Endpoint.Id)
	expectRefusal(r, "RemoveEndpoint of a removed endpoint", err, errdefs.ErrNotFound)

	res, err = s.ctrl.AddEndpoint(ctx, victim.Endpoint.Id)
	if err != nil {
		r.Errorf("AddEndpoint: %v", err)
	}
	expectNICs(r, w.ids, "AddEndpoint's Added", res.Added, []netcore.NICInfo{readded})
	if err := s.ctrl.Teardown(ctx); err != nil {
		r.Fatalf("Teardown: %v", err)
	}
	expectState(r, "after Teardown", s.ctrl, netcore.StateTornDown)
}

// expectNICs reports got unless it names the NICs (the controller's IDs
// for want's, through ids) and endpoints of want, in order.
func expectNICs(r *reporter, ids *nicBinder, what string, got, want []netcore.NICInfo) {
	names := func(nics []netcore.NICInfo, nicID func(string) string) []string {
		var out []string
		for _, n := range nics {
			ep := ""
			if n.Endpoint != nil {
				ep = n.Endpoint.Id
			}
			out = append(out, nicID(n.ID)+"/"+ep)
		}
		return out
	}
	same := func(id string) string { return id }
	if g, w := names(got, same), names(want, ids.foreign); !slices.Equal(g, w) {
		r.Errorf("%s: got NICs %v; want %v (NIC ID/endpoint ID)", what, g, w)
	}
}
