package netcoretest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
)

// onlyReads asserts that calls made no VM or guest call.
func onlyReads(t *testing.T, calls []string) {
	t.Helper()
	for _, call := range calls {
		assert.True(t, strings.HasPrefix(call, "host."), "unexpected change: %s", call)
	}
}

func TestReconcile(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		t.Run(kind.String(), func(t *testing.T) {
			ctx := context.Background()
			w, c := configured(t, kind, true, "eth0", "net1")

			res, err := c.Reconcile(ctx)
			require.NoError(t, err)
			assert.Empty(t, res.Added)
			assert.Empty(t, res.Removed)
			onlyReads(t, w.takeCalls())

			// A second network arrives, the first secondary leaves.
			w.addNamespace(testNS, "net2")
			w.dropEndpoint(testNS, epID(2))
			res, err = c.Reconcile(ctx)
			require.NoError(t, err)
			require.Len(t, res.Removed, 1)
			assert.Equal(t, epID(2), res.Removed[0].Endpoint.Id)
			require.Len(t, res.Added, 1)
			assert.Equal(t, epID(3), res.Added[0].Endpoint.Id)
			assert.Equal(t, nicID(3), res.Added[0].ID, "fresh NIC ID")
			assert.Equal(t, netcore.StateConfigured, c.State())
			assert.Equal(t, []string{epID(1), epID(3)}, w.attachedEndpoints())

			calls := w.takeCalls()
			firstAdd := -1
			lastRemove := -1
			for i, call := range calls {
				if strings.HasPrefix(call, "vm.AddNIC") && firstAdd < 0 {
					firstAdd = i
				}
				if strings.HasPrefix(call, "vm.RemoveNIC") {
					lastRemove = i
				}
			}
			assert.Less(t, lastRemove, firstAdd, "removals before additions: %v", calls)

			res, err = c.Reconcile(ctx)
			require.NoError(t, err)
			assert.Empty(t, res.Added, "idempotent")
			onlyReads(t, w.takeCalls())

			require.NoError(t, c.Teardown(ctx))
			w.assertClean(t)
		})
	}
}

func TestHotPlugRollbackFailureIsInvalid(t *testing.T) {
	ctx := context.Background()
	w, c := configured(t, wcowLike, true, "eth0")
	w.addNamespace(testNS, "net1")
	w.failOnce("guest.ConfigureNIC", errors.New("configure failed"))
	w.failOnce("vm.RemoveNIC", errors.New("remove failed"))
	_, err := c.Reconcile(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "roll back endpoint "+epID(2))
	assert.Equal(t, netcore.StateInvalid, c.State())
	require.NoError(t, c.Teardown(ctx))
	w.assertClean(t)
}

func TestAddAndRemoveEndpoint(t *testing.T) {
	ctx := context.Background()
	w, c := configured(t, lcowLike, true, "eth0")
	w.addNamespace(testNS, "net1")

	res, err := c.AddEndpoint(ctx, epID(2))
	require.NoError(t, err)
	require.Len(t, res.Added, 1)
	assert.Equal(t, []string{epID(1), epID(2)}, w.attachedEndpoints())
	w.takeCalls()

	res, err = c.AddEndpoint(ctx, epID(2))
	require.NoError(t, err)
	assert.Empty(t, res.Added, "already attached")
	assert.Empty(t, w.takeCalls())

	_, err = c.AddEndpoint(ctx, "net1")
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	_, err = c.AddEndpoint(ctx, epID(9))
	assert.True(t, errdefs.IsNotFound(err), "got %v", err)
	assert.Equal(t, netcore.StateConfigured, c.State(), "a rejected add changes nothing")

	res, err = c.RemoveEndpoint(ctx, epID(1))
	require.NoError(t, err)
	require.Len(t, res.Removed, 1)
	assert.Equal(t, []string{epID(2)}, w.attachedEndpoints())

	_, err = c.RemoveEndpoint(ctx, epID(1))
	assert.True(t, errdefs.IsNotFound(err), "got %v", err)

	w.failOnce("vm.RemoveNIC", errors.New("busy"))
	_, err = c.RemoveEndpoint(ctx, epID(2))
	require.Error(t, err)
	_, err = c.Save(ctx)
	assert.True(t, errdefs.IsFailedPrecondition(err), "no snapshot with a NIC half-removed: %v", err)
	w.takeCalls()
	_, err = c.RemoveEndpoint(ctx, epID(2))
	require.NoError(t, err, "retry resumes the removal")
	assert.Equal(t, []string{"vm.RemoveNIC " + nicID(2) + " " + epID(2)}, w.takeCalls())
	require.NoError(t, c.Teardown(ctx))
	w.assertClean(t)
}

func TestHotPlugOnlyWhenConfigured(t *testing.T) {
	for _, s := range []netcore.State{netcore.StateNotConfigured, netcore.StateInvalid, netcore.StateTornDown, netcore.StateSourceMigrating, netcore.StateDestinationMigrating} {
		t.Run(s.String(), func(t *testing.T) {
			w, c := reach(t, s)
			_, err := c.Reconcile(context.Background())
			assert.True(t, errdefs.IsFailedPrecondition(err), "Reconcile: %v", err)
			_, err = c.AddEndpoint(context.Background(), epID(1))
			assert.True(t, errdefs.IsFailedPrecondition(err), "AddEndpoint: %v", err)
			_, err = c.RemoveEndpoint(context.Background(), epID(1))
			assert.True(t, errdefs.IsFailedPrecondition(err), "RemoveEndpoint: %v", err)
			assert.Empty(t, w.takeCalls())
			assert.Equal(t, s, c.State())
		})
	}
}

func TestReconcileAfterMigrationReset(t *testing.T) {
	ctx := context.Background()
	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(ctx)
	require.NoError(t, err)
	dst, err := netcore.Import(ctx, snap, netcore.Tuning{NewNICID: func() (string, error) { return nicID(5), nil }})
	require.NoError(t, err)
	w := newWorld(t)
	w.addNamespace(testNS2, "dst-eth0")
	w.seedGuestNIC(nicID(1))
	require.NoError(t, dst.Patch(ctx, testNS2))
	require.NoError(t, resume(ctx, dst, w.managers(lcowLike, true)))
	require.NoError(t, dst.ResetAfterMigration(ctx))
	w.takeCalls()

	_, err = dst.Reconcile(ctx)
	require.NoError(t, err)
	calls := w.takeCalls()
	onlyReads(t, calls)
	assert.Contains(t, calls, "host.GetNamespaceEndpointIDs "+testNS2, "reconcile reads the destination namespace")
	d := dst.Describe()
	assert.Equal(t, testNS, d.NamespaceID)
	assert.Equal(t, testNS2, d.HostNamespaceID)
}

// TestReconcileReplacedEndpointKeepsMAC covers CNI recreating an endpoint
// with a new ID and the old MAC: the old NIC leaves, the new one arrives.
func TestReconcileReplacedEndpointKeepsMAC(t *testing.T) {
	ctx := context.Background()
	w, c := configured(t, wcowLike, true, "eth0", "net1")
	eps := w.addNamespace(testNS, "net1-again")
	eps[0].MacAddress = "00-15-5D-00-00-02" // endpoint 2's address
	w.dropEndpoint(testNS, epID(2))
	res, err := c.Reconcile(ctx)
	require.NoError(t, err)
	require.Len(t, res.Removed, 1)
	require.Len(t, res.Added, 1)
	assert.Equal(t, []string{epID(1), epID(3)}, w.attachedEndpoints())

	// A genuine clash with a NIC that stays is refused before any change.
	dup := w.addNamespace(testNS, "clash")
	dup[0].MacAddress = "00:15:5d:00:00:01"
	w.takeCalls()
	_, err = c.Reconcile(ctx)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	onlyReads(t, w.takeCalls())
	require.NoError(t, c.Teardown(ctx))
	w.assertClean(t)
}

// When a retried half-done removal fails again, the endpoint's entry in
// the HotPlugError keeps the removal's cause, not only the refusal of the
// fresh attach that could not follow it.
func TestRetriedRemovalFailureKeepsItsCause(t *testing.T) {
	for name, retry := range finishingHotPlugs() {
		t.Run(name, func(t *testing.T) {
			w, c := configured(t, lcowLike, true, "pod-eth0")
			w.failOnce("vm.RemoveNIC", errors.New("hot-remove failed"))
			_, err := c.RemoveEndpoint(context.Background(), epID(1))
			require.Error(t, err)

			cause := errors.New("hot-remove failed again")
			w.failOnce("vm.RemoveNIC", cause)
			_, err = retry(c)
			var hpe *netcore.HotPlugError
			require.ErrorAs(t, err, &hpe)
			require.Contains(t, hpe.Failed, epID(1))
			assert.ErrorIs(t, hpe.Failed[epID(1)], cause, "the removal's cause is reported")
			assert.ErrorIs(t, err, cause)
			assert.True(t, errdefs.IsFailedPrecondition(hpe.Failed[epID(1)]), "and the refused attach too")

			require.NoError(t, c.Teardown(context.Background()))
			w.assertClean(t)
		})
	}
}

// An AddEndpoint whose attach failed and whose rollback succeeded leaves
// the network as it was: a Save right after succeeds and binds only the
// NICs attached before, and the same endpoint can be added again.
func TestSaveAfterARolledBackAddEndpoint(t *testing.T) {
	ctx := context.Background()
	w, c := configured(t, lcowLike, true, "eth0")
	w.addNamespace(testNS, "net1")
	w.failOnce("guest.ConfigureNIC", errors.New("configure failed"))
	_, err := c.AddEndpoint(ctx, epID(2))
	require.Error(t, err)
	assert.Equal(t, netcore.StateConfigured, c.State())

	snap, err := c.Save(ctx)
	require.NoError(t, err)
	d, err := netcore.Import(ctx, snap, netcore.Tuning{})
	require.NoError(t, err)
	require.Len(t, d.Describe().NICs, 1)
	assert.Equal(t, epID(1), d.Describe().NICs[0].EndpointID)

	require.NoError(t, c.Resume(ctx, nil, nil, nil))
	res, err := c.AddEndpoint(ctx, epID(2))
	require.NoError(t, err)
	assert.Len(t, res.Added, 1)
}
