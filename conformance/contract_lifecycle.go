package conformance

import (
	"bytes"
	"errors"

	"github.com/containerd/errdefs"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"
)

// The call-contract scenarios drive a controller over gomock managers and
// expect, strictly in order and with exact arguments, the calls the
// lifecycle prescribes. A call out of place, with other arguments, or one
// too many fails at once; a call that never came fails at the end.

// source is a pod set up over a mock world: what the contract scenarios
// share.
type source struct {
	w       *mockWorld
	fixture podFixture
	pod     netcore.PodNetwork
	nics    []netcore.NICInfo // in attach order
	ctrl    controller
}

// setUpSource expects New's capability question and Setup's calls, in
// order, builds the controller and sets it up. It returns nil after
// reporting a failure that makes the rest of the scenario meaningless.
func (m matrixPoint) setUpSource(r *reporter, b Binding, ctrl *gomock.Controller, q *sequence) *source {
	s := &source{
		w:       newMockWorld(ctrl, b),
		fixture: newPodFixture(sourceNamespaceID, m.endpoints, 'a'),
		pod:     netcore.PodNetwork{NamespaceID: sourceNamespaceID, PolicyBasedRouting: true, GuestNamespaceSupported: m.nsSupported},
	}
	w := s.w
	q.add(w.caps.EXPECT().IsNamespaceAddRequestSupported().Return(m.nsSupported))
	w.expectReads(q, s.fixture)
	w.expectGuest(q, GuestStep{Kind: StepAddNamespace, Pod: s.pod, Namespace: s.fixture.namespace})
	q.phase()
	for k, ep := range s.fixture.guestOrder() {
		info := netcore.NICInfo{ID: nicID('a', k+1), Endpoint: ep}
		s.nics = append(s.nics, info)
		w.expectAttach(q, s.pod, info.ID, ep)
	}
	q.phase()

	c, err := b.newController(Pod{
		NamespaceID:        sourceNamespaceID,
		PolicyBasedRouting: true,
		Managers:           w.managers(),
		Capabilities:       w.caps,
		Options:            m.options('a'),
	})
	if err != nil {
		r.Fatalf("NewController: %v", err)
	}
	s.ctrl = c
	expectState(r, "after New", c, netcore.StateNotConfigured)
	return s
}

// expectTeardown expects the removal of nics (in attach order) in reverse,
// each guest side first, then the guest namespace.
func (s *source) expectTeardown(q *sequence, nics []netcore.NICInfo, ns *hcnmodel.Namespace) {
	q.phase()
	for i := len(nics) - 1; i >= 0; i-- {
		s.w.expectDetach(q, s.pod, nics[i].ID, nics[i].Endpoint)
	}
	q.phase()
	s.w.expectGuest(q, GuestStep{Kind: StepRemoveNamespace, Pod: s.pod, Namespace: ns})
}

// contractSetupTeardown: New asks the capability once; Setup reads HCN,
// adds the guest namespace (where the platform does), attaches eth0 first
// and the rest in HCN order; Teardown removes the NICs in reverse, guest
// before host, and the namespace last; a second Teardown does nothing.
func (m matrixPoint) contractSetupTeardown(r *reporter, b Binding) {
	ctx := background()
	ctrl := gomock.NewController(r)
	q := m.sequence()
	s := m.setUpSource(r, b, ctrl, &q)
	s.expectTeardown(&q, s.nics, s.fixture.namespace)
	q.enforce()

	if err := s.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	expectState(r, "after Setup", s.ctrl, netcore.StateConfigured)
	if err := s.ctrl.Teardown(ctx); err != nil {
		r.Fatalf("Teardown: %v", err)
	}
	expectState(r, "after Teardown", s.ctrl, netcore.StateTornDown)
	if err := s.ctrl.Teardown(ctx); err != nil {
		r.Errorf("second Teardown: want nil (nothing left to do), got %v", err)
	}
	expectState(r, "after a second Teardown", s.ctrl, netcore.StateTornDown)
}

// contractMigration walks both sides of a live migration. Source: Save
// freezes and is retry-safe and deterministic, Resume rolls back, Teardown
// while frozen hands over without a call. Destination: Import, Patch and
// Resume make no call; ResetAfterMigration makes the guest let go of each
// source NIC (last first, no host call: the host side stayed with the
// source), reads the patched namespace and attaches its endpoints under
// fresh NIC IDs, drawn from the generator Import was given; Teardown
// removes those and, where the platform has one, the guest namespace,
// re-read from HCN or, as here where the destination host does not know
// it, named by ID alone.
func (m matrixPoint) contractMigration(r *reporter, b Binding) {
	ctx := background()
	ctrl := gomock.NewController(r)
	q := m.sequence()
	s := m.setUpSource(r, b, ctrl, &q)
	q.enforce()

	if err := s.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	snap, err := s.ctrl.Save(ctx)
	if err != nil {
		r.Fatalf("Save: %v", err)
	}
	expectState(r, "after Save", s.ctrl, netcore.StateSourceMigrating)
	checkSnapshot(r, snap, s.pod, s.nics)
	again, err := s.ctrl.Save(ctx)
	switch {
	case err != nil:
		r.Errorf("Save retried while frozen: %v", err)
	case !bytes.Equal(again.GetValue(), snap.GetValue()):
		r.Errorf("Save retried: snapshot bytes differ from the first Save's")
	}
	if err := s.ctrl.Resume(ctx, Managers{}); err != nil {
		r.Errorf("source Resume (roll back): %v", err)
	}
	expectState(r, "after the source rolled back", s.ctrl, netcore.StateConfigured)
	if _, err := s.ctrl.Save(ctx); err != nil {
		r.Errorf("Save after roll back: %v", err)
	}
	if err := s.ctrl.Teardown(ctx); err != nil {
		r.Errorf("source Teardown while frozen (hand over): %v", err)
	}
	expectState(r, "after the source handed over", s.ctrl, netcore.StateTornDown)

	// Destination: fresh managers on the same gomock controller.
	dw := newMockWorld(ctrl, b)
	dest := newPodFixture(destinationNamespaceID, m.endpoints, 'b')
	dq := m.sequence()
	// After Import a NIC's endpoint is what the snapshot kept. The source
	// NICs are let go of one by one, last first; with calls in flight at
	// once only the set is promised.
	dq.phase()
	for i := len(s.nics) - 1; i >= 0; i-- {
		dw.expectGuestNIC(&dq, StepRemoveNIC, s.pod, s.nics[i].ID, snapshotEndpoint(s.nics[i].Endpoint))
	}
	dw.expectReads(&dq, dest)
	var fresh []netcore.NICInfo
	for k, ep := range dest.guestOrder() {
		info := netcore.NICInfo{ID: nicID('b', k+1), Endpoint: ep}
		fresh = append(fresh, info)
		dw.expectAttach(&dq, s.pod, info.ID, ep)
	}
	dq.phase()
	for i := len(fresh) - 1; i >= 0; i-- {
		dw.expectDetach(&dq, s.pod, fresh[i].ID, fresh[i].Endpoint)
	}
	dq.phase()
	if len(b.GuestCalls(GuestStep{Kind: StepRemoveNamespace, Pod: s.pod, Namespace: &hcnmodel.Namespace{Id: s.pod.NamespaceID}})) > 0 {
		dq.add(dw.host.EXPECT().GetNamespaceByID(gomock.Any(), s.pod.NamespaceID).
			Return(nil, errdefs.ErrNotFound))
		dq.phase()
		dw.expectGuest(&dq, GuestStep{Kind: StepRemoveNamespace, Pod: s.pod, Namespace: &hcnmodel.Namespace{Id: s.pod.NamespaceID}})
	}
	dq.enforce()

	d, err := b.importController(ctx, snap, m.options('b'))
	if err != nil {
		r.Fatalf("Import: %v", err)
	}
	expectState(r, "after Import", d, netcore.StateDestinationMigrating)
	if _, err := d.Save(ctx); err == nil {
		r.Errorf("Save on an imported, not yet resumed controller: want an error, got nil")
	}
	if err := d.Patch(ctx, destinationNamespaceID); err != nil {
		r.Fatalf("Patch: %v", err)
	}
	expectState(r, "after Patch", d, netcore.StateDestinationMigrating)
	if err := d.Resume(ctx, dw.managers()); err != nil {
		r.Fatalf("destination Resume: %v", err)
	}
	expectState(r, "after destination Resume", d, netcore.StateConfigured)
	if err := d.Resume(ctx, dw.managers()); err != nil {
		r.Errorf("Resume when already Configured: want nil, got %v", err)
	}
	if err := d.ResetAfterMigration(ctx); err != nil {
		r.Fatalf("ResetAfterMigration: %v", err)
	}
	expectState(r, "after ResetAfterMigration", d, netcore.StateConfigured)
	if err := d.Teardown(ctx); err != nil {
		r.Fatalf("destination Teardown: %v", err)
	}
	expectState(r, "after destination Teardown", d, netcore.StateTornDown)
}

// sequence returns an empty expectation order for the cell: strict with
// Concurrency 1, relaxed to what the option keeps above.
func (m matrixPoint) sequence() sequence { return sequence{relaxed: m.concurrent()} }

// snapshotEndpoint is what a snapshot keeps of an endpoint.
func snapshotEndpoint(ep *hcnmodel.Endpoint) *hcnmodel.Endpoint {
	return &hcnmodel.Endpoint{Id: ep.Id, MacAddress: ep.MacAddress, Name: ep.Name}
}

// expectState reports c's state if it is not want.
func expectState(r *reporter, when string, c Controller, want netcore.State) {
	if got := c.State(); got != want {
		r.Errorf("state %s: got %s, want %s", when, got, want)
	}
}

// expectErrorIs reports err unless it wraps every one of causes.
func expectErrorIs(r *reporter, what string, err error, causes ...error) {
	if err == nil {
		r.Errorf("%s: got nil error, want one wrapping %v", what, causes)
		return
	}
	for _, c := range causes {
		if !errors.Is(err, c) {
			r.Errorf("%s: error %q does not wrap %q", what, err, c)
		}
	}
}

// contractLifecycleRules checks the rules of the state table that need no
// manager call: what each operation does in a state that does not accept
// it, and what Import refuses. Any manager call here is unexpected.
func (m matrixPoint) contractLifecycleRules(r *reporter, b Binding) {
	ctx := background()
	ctrl := gomock.NewController(r)

	// An empty namespace ID is refused, at New or at Setup, before any call.
	w := newMockWorld(ctrl, b)
	w.caps.EXPECT().IsNamespaceAddRequestSupported().Return(true).MaxTimes(1)
	bad, err := b.newController(Pod{Managers: w.managers(), Capabilities: w.caps, Options: m.options('z')})
	if err == nil {
		err = bad.Setup(ctx)
	}
	expectErrorIs(r, "empty namespace ID", err, errdefs.ErrInvalidArgument)

	q := m.sequence()
	s := m.setUpSource(r, b, ctrl, &q)
	c := s.ctrl

	// Before Setup: Teardown does nothing; nothing else is accepted.
	if err := c.Teardown(ctx); err != nil {
		r.Errorf("Teardown before Setup: want nil, got %v", err)
	}
	expectState(r, "after Teardown before Setup", c, netcore.StateNotConfigured)
	_, err = c.Save(ctx)
	expectErrorIs(r, "Save before Setup", err, errdefs.ErrFailedPrecondition)
	expectErrorIs(r, "Patch before Setup", c.Patch(ctx, destinationNamespaceID), errdefs.ErrFailedPrecondition)
	expectErrorIs(r, "Resume before Setup", c.Resume(ctx, w.managers()), errdefs.ErrFailedPrecondition)
	expectState(r, "after refused operations", c, netcore.StateNotConfigured)

	q.enforce()
	// Hot-plug needs a Configured network.
	_, err = c.Reconcile(ctx)
	expectErrorIs(r, "Reconcile before Setup", err, errdefs.ErrFailedPrecondition)
	_, err = c.AddEndpoint(ctx, s.fixture.endpoints[0].Id)
	expectErrorIs(r, "AddEndpoint before Setup", err, errdefs.ErrFailedPrecondition)
	_, err = c.RemoveEndpoint(ctx, s.fixture.endpoints[0].Id)
	expectErrorIs(r, "RemoveEndpoint before Setup", err, errdefs.ErrFailedPrecondition)

	if err := c.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	expectErrorIs(r, "second Setup", c.Setup(ctx), errdefs.ErrFailedPrecondition)
	expectErrorIs(r, "Patch when Configured", c.Patch(ctx, destinationNamespaceID), errdefs.ErrFailedPrecondition)
	expectState(r, "after refused operations", c, netcore.StateConfigured)

	snap, err := c.Save(ctx)
	if err != nil {
		r.Fatalf("Save: %v", err)
	}
	_, err = c.Reconcile(ctx)
	expectErrorIs(r, "Reconcile while frozen for migration", err, errdefs.ErrFailedPrecondition)
	_, err = c.RemoveEndpoint(ctx, s.fixture.endpoints[0].Id)
	expectErrorIs(r, "RemoveEndpoint while frozen for migration", err, errdefs.ErrFailedPrecondition)
	checkImportRefusals(r, b, snap, m.options('y'))
	if err := c.Resume(ctx, Managers{}); err != nil {
		r.Errorf("Resume (roll back): %v", err)
	}

	tq := m.sequence()
	s.expectTeardown(&tq, s.nics, s.fixture.namespace)
	tq.enforce()
	if err := c.Teardown(ctx); err != nil {
		r.Fatalf("Teardown: %v", err)
	}
	expectErrorIs(r, "Setup after Teardown", c.Setup(ctx), errdefs.ErrFailedPrecondition)
	_, err = c.Reconcile(ctx)
	expectErrorIs(r, "Reconcile after Teardown", err, errdefs.ErrFailedPrecondition)
	_, err = c.Save(ctx)
	expectErrorIs(r, "Save after Teardown", err, errdefs.ErrFailedPrecondition)
	expectState(r, "after refused operations", c, netcore.StateTornDown)
}

// checkImportRefusals checks that Import accepts snap under both type URLs
// (ours and hcsshim's: the payloads are the same), and refuses, as an
// invalid argument, a missing snapshot, another type, and another schema
// version.
func checkImportRefusals(r *reporter, b Binding, snap *anypb.Any, opts Options) {
	ctx := background()
	for _, url := range []string{snapshotTypeURL, earlierSnapshotTypeURL} {
		d, err := b.importController(ctx, &anypb.Any{TypeUrl: url, Value: snap.GetValue()}, opts)
		if err != nil {
			r.Errorf("Import of a snapshot typed %q: %v", url, err)
			continue
		}
		expectState(r, "after Import typed "+url, d, netcore.StateDestinationMigrating)
	}
	_, err := b.importController(ctx, nil, opts)
	expectErrorIs(r, "Import(nil)", err, errdefs.ErrInvalidArgument)
	_, err = b.importController(ctx, &anypb.Any{TypeUrl: "type.googleapis.com/google.protobuf.Empty", Value: snap.GetValue()}, opts)
	expectErrorIs(r, "Import of another message type", err, errdefs.ErrInvalidArgument)
	_, err = b.importController(ctx, &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: withSchemaVersion(snap.GetValue(), snapshotSchemaVersion+1)}, opts)
	expectErrorIs(r, "Import of schema version 2", err, errdefs.ErrInvalidArgument)
	bad := opts
	bad.Concurrency = -1
	_, err = b.importController(ctx, snap, bad)
	expectErrorIs(r, "Import with a negative concurrency", err, errdefs.ErrInvalidArgument)
}
