package netcoretest

import (
	"context"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
)

func configured(t *testing.T, kind platformKind, supported bool, names ...string) (*world, *netcore.Controller) {
	t.Helper()
	w := newWorld(t)
	w.addNamespace(testNS, names...)
	c := newTestController(t, w, kind, supported)
	require.NoError(t, c.Setup(context.Background()))
	w.takeCalls()
	return w, c
}

func TestSaveOnlyWhenConfigured(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	c := newTestController(t, w, lcowLike, true)
	_, err := c.Save(context.Background())
	assert.True(t, errdefs.IsFailedPrecondition(err), "got %v", err)
	assert.Equal(t, netcore.StateNotConfigured, c.State())
}

// TestSourceRollbackAndHandOver covers the source side: Resume lifts the
// freeze and the network works as before; Teardown while frozen removes
// nothing, since the NICs now belong to the destination.
func TestSourceRollbackAndHandOver(t *testing.T) {
	t.Run("resume rolls back", func(t *testing.T) {
		w, c := configured(t, wcowLike, true, "eth0")
		_, err := c.Save(context.Background())
		require.NoError(t, err)
		require.NoError(t, resume(context.Background(), c, testManagers{}))
		assert.Equal(t, netcore.StateConfigured, c.State())
		require.NoError(t, resume(context.Background(), c, testManagers{}), "Resume when Configured is a no-op")
		require.NoError(t, c.Teardown(context.Background()))
		w.assertClean(t)
	})
	t.Run("teardown hands over", func(t *testing.T) {
		w, c := configured(t, wcowLike, true, "eth0")
		_, err := c.Save(context.Background())
		require.NoError(t, err)
		require.NoError(t, c.Teardown(context.Background()))
		assert.Equal(t, netcore.StateTornDown, c.State())
		assert.Empty(t, w.takeCalls(), "nothing removed while migrating")
	})
}

func TestImportResumeTeardown(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		t.Run(kind.String(), func(t *testing.T) {
			_, src := configured(t, kind, true, "net1", "pod-eth0")
			snap, err := src.Save(context.Background())
			require.NoError(t, err)

			dst, err := netcore.Import(context.Background(), snap, netcore.Tuning{})
			require.NoError(t, err)
			assert.Equal(t, netcore.StateDestinationMigrating, dst.State())
			assert.Equal(t, testNS, dst.NamespaceID())

			// Operations need Resume first.
			assert.True(t, errdefs.IsFailedPrecondition(dst.Setup(context.Background())))
			_, err = dst.Save(context.Background())
			assert.True(t, errdefs.IsFailedPrecondition(err))

			// The destination VM has the NICs the source attached.
			w := newWorld(t)
			w.sim.PutNamespaceDocument(testNS, namespaceDoc(testNS))
			for _, n := range src.Describe().NICs {
				w.sim.SeedVMNIC(n.ID, simworld.Adapter{EndpointID: n.EndpointID, MAC: n.MacAddress})
				w.seedGuestNIC(n.ID)
			}
			if kind == wcowLike {
				w.sim.SeedGuestNamespace(testNS)
			}
			err = dst.Resume(context.Background(), worldVM{w}, nil, nil)
			assert.True(t, errdefs.IsInvalidArgument(err), "partial managers on the destination: %v", err)
			assert.Equal(t, netcore.StateDestinationMigrating, dst.State())

			require.NoError(t, resume(context.Background(), dst, w.managers(kind, false)))
			assert.Equal(t, netcore.StateConfigured, dst.State())

			again, err := dst.Save(context.Background())
			require.NoError(t, err)
			assert.True(t, proto.Equal(snap, again), "Save after Import round-trips exactly")
			require.NoError(t, resume(context.Background(), dst, testManagers{}))

			// Imported NICs leave the guest; their host side is the
			// source's and is never hot-removed here.
			vmBefore := w.vmNICs()
			w.takeCalls()
			require.NoError(t, dst.Teardown(context.Background()))
			assert.Equal(t, netcore.StateTornDown, dst.State())
			for _, call := range w.takeCalls() {
				assert.False(t, strings.HasPrefix(call, "vm.RemoveNIC"), "imported NIC hot-removed: %s", call)
			}
			assert.Equal(t, vmBefore, w.vmNICs())
			assert.Empty(t, w.guestNICs())
			assert.False(t, w.guestNS()[testNS], "namespace left in the guest")
			w.assertNoViolations(t)
		})
	}
}

func TestImportTeardownDropsBindings(t *testing.T) {
	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(context.Background())
	require.NoError(t, err)
	dst, err := netcore.Import(context.Background(), snap, netcore.Tuning{})
	require.NoError(t, err)
	require.NoError(t, dst.Teardown(context.Background()))
	assert.Equal(t, netcore.StateTornDown, dst.State())
	assert.Empty(t, dst.Describe().NICs)
}

func TestImportAcceptsTheEarlierTypeURL(t *testing.T) {
	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(context.Background())
	require.NoError(t, err)
	snap.TypeUrl = "type.googleapis.com/uvmnet.netcore.save.v1.Payload"
	dst, err := netcore.Import(context.Background(), snap, netcore.Tuning{})
	require.NoError(t, err)
	assert.Equal(t, netcore.StateDestinationMigrating, dst.State())
}

func TestPatchAndResetAfterMigration(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		t.Run(kind.String(), func(t *testing.T) {
			_, src := configured(t, kind, true, "eth0")
			snap, err := src.Save(context.Background())
			require.NoError(t, err)
			// The reset draws the third ID: the destination's NICs are
			// told apart from the source's.
			gen := nicIDs()
			dst, err := netcore.Import(context.Background(), snap, netcore.Tuning{NewNICID: func() (string, error) { gen(); gen(); return gen() }})
			require.NoError(t, err)

			w := newWorld(t)
			for _, n := range src.Describe().NICs {
				w.seedGuestNIC(n.ID)
			}
			if kind == wcowLike {
				w.sim.SeedGuestNamespace(testNS)
			}
			w.addNamespace(testNS2, "dst-net1", "dst-eth0")

			err = dst.Patch(context.Background(), "not-a-guid")
			assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
			require.NoError(t, dst.Patch(context.Background(), testNS2))
			assert.Equal(t, netcore.StateDestinationMigrating, dst.State())
			require.NoError(t, resume(context.Background(), dst, w.managers(kind, false)))
			err = dst.Patch(context.Background(), testNS2)
			assert.True(t, errdefs.IsFailedPrecondition(err), "Patch only while DestinationMigrating: %v", err)

			require.NoError(t, dst.ResetAfterMigration(context.Background()))
			assert.Equal(t, netcore.StateConfigured, dst.State())
			calls := w.takeCalls()
			assert.Equal(t, "guest.RemoveNIC "+nicID(1), calls[0], "source NIC leaves the guest first")
			assert.NotContains(t, calls, "vm.RemoveNIC "+nicID(1)+" "+epID(1), "the source NIC's host side is not removed")
			assert.Contains(t, calls, "vm.AddNIC "+nicID(3)+" "+epID(2)+" 00-15-5D-00-00-02", "destination eth0 attached first, under a fresh ID")
			assert.Len(t, dst.Describe().NICs, 2)

			require.NoError(t, dst.ResetAfterMigration(context.Background()), "a second reset does nothing")
			assert.Empty(t, w.takeCalls())

			require.NoError(t, dst.Teardown(context.Background()))
			w.assertClean(t)
		})
	}
}
