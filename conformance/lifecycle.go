package conformance

import (
	"github.com/containerd/errdefs"
	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// contractLifecycleRules checks the rules of the state table that need no
// manager call: what each operation does in a state that does not accept
// it, and what Import refuses. Any manager call here is unexpected.
func (m matrixPoint) contractLifecycleRules(r *reporter, p Platform) {
	ctx := background()
	ctrl := gomock.NewController(r)

	// An empty namespace ID is refused, at New or at Setup, before any call.
	w := newMockWorld(ctrl, p)
	w.caps.EXPECT().IsNamespaceAddRequestSupported().Return(true).MaxTimes(1)
	bad, err := p.NewController(ControllerConfig{VM: w.vm, Host: w.host, Guest: w.guest, Capabilities: w.caps, Tuning: m.tuning('z')})
	if err == nil {
		err = bad.Setup(ctx)
	}
	expectErrorIs(r, "empty namespace ID", err, errdefs.ErrInvalidArgument)

	q := m.sequence()
	s := m.setUpSource(r, p, ctrl, &q)
	c := s.ctrl

	// Before Setup: Teardown does nothing; nothing else is accepted.
	if err := c.Teardown(ctx); err != nil {
		r.Errorf("Teardown before Setup: want nil, got %v", err)
	}
	expectState(r, "after Teardown before Setup", c, netcore.StateNotConfigured)
	_, err = c.Save(ctx)
	expectErrorIs(r, "Save before Setup", err, errdefs.ErrFailedPrecondition)
	expectErrorIs(r, "Patch before Setup", c.Patch(ctx, destinationNamespaceID), errdefs.ErrFailedPrecondition)
	expectErrorIs(r, "Resume before Setup", p.Resume(ctx, c, w.vm, w.host, w.guest), errdefs.ErrFailedPrecondition)
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
	checkImportRefusals(r, p, snap, m.tuning('y'))
	if err := p.Resume(ctx, c, nil, nil, nil); err != nil {
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
func checkImportRefusals(r *reporter, p Platform, snap *anypb.Any, tuning netcore.Tuning) {
	ctx := background()
	for _, url := range []string{netcore.SnapshotTypeURL, netcore.HCSShimSnapshotTypeURL} {
		d, err := p.Import(ctx, &anypb.Any{TypeUrl: url, Value: snap.GetValue()}, tuning)
		if err != nil {
			r.Errorf("Import of a snapshot typed %q: %v", url, err)
			continue
		}
		expectState(r, "after Import typed "+url, d, netcore.StateDestinationMigrating)
	}
	_, err := p.Import(ctx, nil, tuning)
	expectErrorIs(r, "Import(nil)", err, errdefs.ErrInvalidArgument)
	_, err = p.Import(ctx, &anypb.Any{TypeUrl: "type.googleapis.com/google.protobuf.Empty", Value: snap.GetValue()}, tuning)
	expectErrorIs(r, "Import of another message type", err, errdefs.ErrInvalidArgument)
	_, err = p.Import(ctx, &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: withSchemaVersion(snap.GetValue(), snapshotSchemaVersion+1)}, tuning)
	expectErrorIs(r, "Import of schema version 2", err, errdefs.ErrInvalidArgument)
	bad := tuning
	bad.Concurrency = -1
	_, err = p.Import(ctx, snap, bad)
	expectErrorIs(r, "Import with a negative concurrency", err, errdefs.ErrInvalidArgument)
}
