package conformance

import (
	"bytes"
	"errors"
	"slices"

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
	// strict holds the controller to uvmnet's one call order.
	strict bool
}

// setUpSource expects New's capability question and Setup's calls, in
// order, builds the controller and sets it up. It returns nil after
// reporting a failure that makes the rest of the scenario meaningless.
func (m matrixPoint) setUpSource(r *reporter, b binding, ctrl *gomock.Controller, q *sequence) *source {
	s := &source{
		w:       newMockWorld(ctrl, b),
		fixture: newPodFixture(sourceNamespaceID, m.endpoints, 'a'),
		pod:     netcore.PodNetwork{NamespaceID: sourceNamespaceID, PolicyBasedRouting: true, GuestNamespaceSupported: m.nsSupported},
		strict:  m.strict,
	}
	w := s.w
	w.ids = newNICBinder(b)
	// uvmnet asks once, at New; the contract only needs the answer.
	if m.strict {
		q.add(w.caps.EXPECT().IsNamespaceAddRequestSupported().Return(m.nsSupported))
	} else {
		w.caps.EXPECT().IsNamespaceAddRequestSupported().Return(m.nsSupported).AnyTimes()
	}
	w.expectReads(q, s.fixture)
	w.expectGuest(q, GuestStep{Kind: StepAddNamespace, Pod: s.pod, Namespace: s.fixture.namespace})
	q.phase()
	for k, ep := range s.fixture.guestOrder() {
		info := netcore.NICInfo{ID: nicID('a', k+1), Endpoint: ep}
		s.nics = append(s.nics, info)
		w.expectAttach(q, s.pod, info.ID, ep)
	}
	q.phase()

	c, err := b.newController(anyPod{
		NamespaceID:        sourceNamespaceID,
		PolicyBasedRouting: true,
		anyManagers:        w.managers(),
		Capabilities:       w.caps,
		Options:            m.options('a'),
	})
	if err != nil {
		r.Fatalf("Subject.New: %v", err)
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

// foreignNICs are the source's NICs under the controller's IDs.
func (s *source) foreignNICs() []netcore.NICInfo {
	out := slices.Clone(s.nics)
	for i := range out {
		out[i].ID = s.w.ids.foreign(out[i].ID)
	}
	return out
}

// allowRereads lets the controller read HCN again, finding f there, once
// the reads the lifecycle needs are done: the contract allows it (a
// Teardown may re-read the namespace it removes), uvmnet's strict order
// does not. It must come after every other expectation on the host, which
// gomock matches first.
func (s *source) allowRereads(f podFixture) {
	if s.strict {
		return
	}
	s.w.allowReads(f)
}

// contractSetupTeardown: New asks the capability once; Setup reads HCN,
// adds the guest namespace (where the platform does), attaches eth0 first
// and the rest in HCN order; Teardown removes the NICs in reverse, guest
// before host, and the namespace last; a second Teardown does nothing.
func contractSetupTeardown(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	ctrl := gomock.NewController(r)
	q := m.sequence()
	s := m.setUpSource(r, b, ctrl, &q)
	s.expectTeardown(&q, s.nics, s.fixture.namespace)
	s.allowRereads(s.fixture)
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
func contractMigration(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	ctrl := gomock.NewController(r)
	q := m.sequence()
	s := m.setUpSource(r, b, ctrl, &q)
	s.allowRereads(s.fixture)
	q.enforce()

	if err := s.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	snap, err := s.ctrl.Save(ctx)
	if err != nil {
		r.Fatalf("Save: %v", err)
	}
	expectState(r, "after Save", s.ctrl, netcore.StateSourceMigrating)
	checkSnapshot(r, snap, s.pod, s.foreignNICs())
	again, err := s.ctrl.Save(ctx)
	switch {
	case err != nil:
		r.Errorf("Save retried while frozen: %v", err)
	default:
		checkSnapshot(r, again, s.pod, s.foreignNICs())
		r.extCheck(!bytes.Equal(again.GetValue(), snap.GetValue()), "Save retried: snapshot bytes differ from the first Save's")
	}
	if err := s.ctrl.Resume(ctx, anyManagers{}); err != nil {
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
	dw.ids = s.w.ids
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
	removesNamespace := len(b.GuestCalls(GuestStep{Kind: StepRemoveNamespace, Pod: s.pod, Namespace: &hcnmodel.Namespace{Id: s.pod.NamespaceID}})) > 0
	if removesNamespace && m.strict {
		// uvmnet looks the namespace up once, to remove it by document.
		dq.add(dw.host.EXPECT().GetNamespaceByID(gomock.Any(), s.pod.NamespaceID).
			Return(nil, errdefs.ErrNotFound))
		dq.phase()
	}
	if removesNamespace {
		dw.expectGuest(&dq, GuestStep{Kind: StepRemoveNamespace, Pod: s.pod, Namespace: &hcnmodel.Namespace{Id: s.pod.NamespaceID}})
	}
	if !m.strict {
		// The destination host does not know the namespace the source
		// saved: however often the controller asks, HCN says so.
		dw.host.EXPECT().GetNamespaceByID(gomock.Any(), gomock.Any()).Return(nil, errdefs.ErrNotFound).AnyTimes()
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

// sequence returns an empty expectation order for the cell: relaxed to
// what the contract keeps (and a controller with calls in flight at once
// can keep), or, for the Extensions profile, uvmnet's one strict order.
func (m matrixPoint) sequence() sequence { return sequence{relaxed: !m.strict} }

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

// The parts of the lifecycle rules, each its own scenario so that a
// controller without hot-plug or migration still has the rest checked.
const (
	rulesCore = iota
	rulesHotPlug
	rulesMigration
)

// contractLifecycleRules checks the rules of the state table that need no
// manager call: what each operation does in a state that does not accept
// it (refused, the state unchanged), and, for migration, what Import
// refuses. Any manager call beyond Setup's and Teardown's is unexpected.
// part picks the operations: Setup and Teardown; hot-plug; migration.
func contractLifecycleRules(m matrixPoint, part int) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		ctx := background()
		ctrl := gomock.NewController(r)

		if part == rulesCore {
			// An empty namespace ID is refused, at New or at Setup, before
			// any call.
			w := newMockWorld(ctrl, b)
			w.caps.EXPECT().IsNamespaceAddRequestSupported().Return(true).AnyTimes()
			bad, err := b.newController(anyPod{anyManagers: w.managers(), Capabilities: w.caps, Options: m.options('z')})
			if err == nil {
				err = bad.Setup(ctx)
			}
			expectRefusal(r, "empty namespace ID", err, errdefs.ErrInvalidArgument)
		}

		q := m.sequence()
		s := m.setUpSource(r, b, ctrl, &q)
		c := s.ctrl
		refused := func(what string, err, class error) { expectRefusal(r, what, err, class) }
		hotPlugRefused := func(when string) {
			_, err := c.Reconcile(ctx)
			refused("Reconcile "+when, err, errdefs.ErrFailedPrecondition)
			_, err = c.AddEndpoint(ctx, s.fixture.endpoints[0].Id)
			refused("AddEndpoint "+when, err, errdefs.ErrFailedPrecondition)
			_, err = c.RemoveEndpoint(ctx, s.fixture.endpoints[0].Id)
			refused("RemoveEndpoint "+when, err, errdefs.ErrFailedPrecondition)
		}

		// Before Setup: Teardown does nothing; nothing else is accepted.
		if err := c.Teardown(ctx); err != nil {
			r.Errorf("Teardown before Setup: want nil, got %v", err)
		}
		expectState(r, "after Teardown before Setup", c, netcore.StateNotConfigured)
		switch part {
		case rulesMigration:
			_, err := c.Save(ctx)
			refused("Save before Setup", err, errdefs.ErrFailedPrecondition)
			refused("Patch before Setup", c.Patch(ctx, destinationNamespaceID), errdefs.ErrFailedPrecondition)
			refused("Resume before Setup", c.Resume(ctx, s.w.managers()), errdefs.ErrFailedPrecondition)
		case rulesHotPlug:
			hotPlugRefused("before Setup")
		}
		expectState(r, "after refused operations", c, netcore.StateNotConfigured)

		s.expectTeardown(&q, s.nics, s.fixture.namespace)
		s.allowRereads(s.fixture)
		q.enforce()
		if err := c.Setup(ctx); err != nil {
			r.Fatalf("Setup: %v", err)
		}
		switch part {
		case rulesCore:
			refused("second Setup", c.Setup(ctx), errdefs.ErrFailedPrecondition)
		case rulesMigration:
			refused("Patch when Configured", c.Patch(ctx, destinationNamespaceID), errdefs.ErrFailedPrecondition)
		}
		expectState(r, "after refused operations", c, netcore.StateConfigured)

		if part == rulesMigration || part == rulesHotPlug && b.Capabilities.Migration {
			snap, err := c.Save(ctx)
			if err != nil {
				r.Fatalf("Save: %v", err)
			}
			if part == rulesHotPlug {
				_, err = c.Reconcile(ctx)
				refused("Reconcile while frozen for migration", err, errdefs.ErrFailedPrecondition)
				_, err = c.RemoveEndpoint(ctx, s.fixture.endpoints[0].Id)
				refused("RemoveEndpoint while frozen for migration", err, errdefs.ErrFailedPrecondition)
			} else {
				checkImportRefusals(r, b, snap, m.options('y'))
			}
			if err := c.Resume(ctx, anyManagers{}); err != nil {
				r.Errorf("Resume (roll back): %v", err)
			}
		}

		if err := c.Teardown(ctx); err != nil {
			r.Fatalf("Teardown: %v", err)
		}
		switch part {
		case rulesCore:
			refused("Setup after Teardown", c.Setup(ctx), errdefs.ErrFailedPrecondition)
		case rulesHotPlug:
			hotPlugRefused("after Teardown")
		case rulesMigration:
			_, err := c.Save(ctx)
			refused("Save after Teardown", err, errdefs.ErrFailedPrecondition)
		}
		expectState(r, "after refused operations", c, netcore.StateTornDown)
	}
}

// checkImportRefusals checks that Import accepts snap (and, under the
// Extensions profile, the same payload under uvmnet's earlier type URL),
// and refuses a missing snapshot, another type and another schema version
// (classed as invalid arguments under Extensions, as is a negative
// concurrency).
func checkImportRefusals(r *reporter, b binding, snap *anypb.Any, opts Options) {
	ctx := background()
	for _, url := range []string{snapshotTypeURL, earlierSnapshotTypeURL} {
		report := r.Errorf
		if url == earlierSnapshotTypeURL {
			r.extCheck(false, "")
			report = r.Extf
		}
		d, err := b.importController(ctx, &anypb.Any{TypeUrl: url, Value: snap.GetValue()}, opts)
		if err != nil {
			report("Import of a snapshot typed %q: %v", url, err)
			continue
		}
		if got := d.State(); got != netcore.StateDestinationMigrating {
			report("state after Import typed %s: got %s, want %s", url, got, netcore.StateDestinationMigrating)
		}
	}
	_, err := b.importController(ctx, nil, opts)
	expectRefusal(r, "Import(nil)", err, errdefs.ErrInvalidArgument)
	_, err = b.importController(ctx, &anypb.Any{TypeUrl: "type.googleapis.com/google.protobuf.Empty", Value: snap.GetValue()}, opts)
	expectRefusal(r, "Import of another message type", err, errdefs.ErrInvalidArgument)
	_, err = b.importController(ctx, &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: withSchemaVersion(snap.GetValue(), snapshotSchemaVersion+1)}, opts)
	expectRefusal(r, "Import of schema version 2", err, errdefs.ErrInvalidArgument)
	bad := opts
	bad.Concurrency = -1
	_, err = b.importController(ctx, snap, bad)
	if err == nil {
		r.Extf("Import with a negative concurrency: got nil error, want an invalid argument")
	} else {
		r.expectClass("Import with a negative concurrency", err, errdefs.ErrInvalidArgument)
	}
}
