package netcoretest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
)

// hungVM blocks every AddNIC until release is closed, announcing on
// entered that a call is stuck: a hung HCS call.
type hungVM struct {
	netcore.VMNetworkManager
	entered chan struct{}
	release chan struct{}
}

func (v hungVM) AddNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	select {
	case v.entered <- struct{}{}:
	default:
	}
	<-v.release
	return v.VMNetworkManager.AddNIC(ctx, nicID, a)
}

// hungSetup starts a Setup that hangs in its first hot-add and returns the
// controller, a function that lets the VM answer, and the Setup's result.
func hungSetup(t *testing.T) (c *netcore.Controller, w *world, release func(), result <-chan error) {
	t.Helper()
	w = newWorld(t)
	w.addNamespace(testNS, "net1", "pod-eth0")
	m := w.managers(wcowLike, true)
	vm := hungVM{VMNetworkManager: m.VM, entered: make(chan struct{}, 1), release: make(chan struct{})}
	m.VM = vm
	c, err := netcore.New(m.config(testNS, netcore.Tuning{NewNICID: nicIDs()}))
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- c.Setup(context.Background()) }()
	<-vm.entered
	released := false
	release = func() {
		if !released {
			released = true
			close(vm.release)
		}
	}
	t.Cleanup(release)
	return c, w, release, done
}

// answers runs f on a goroutine of its own and fails the test if f has not
// returned within a generous bound: a call that waits for a hung
// operation never returns before the operation does.
func answers(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		require.FailNowf(t, "a call waited", "%s waited for the operation in progress", what)
	}
}

// Describe and NamespaceID answer while Setup is stuck in a hung VM call,
// with the last consistent state: NotConfigured, the namespace in the
// guest, the NICs tracked so far.
func TestDescribeAnswersDuringAHungOperation(t *testing.T) {
	c, _, release, result := hungSetup(t)
	var d netcore.Description
	answers(t, "Describe", func() { d = c.Describe() })
	answers(t, "NamespaceID", func() { assert.Equal(t, testNS, c.NamespaceID()) })
	assert.Equal(t, netcore.StateNotConfigured, d.State)
	assert.True(t, d.GuestNamespace)
	require.Len(t, d.NICs, 2)
	assert.Equal(t, "GuestPrepared", d.NICs[0].State, "the NIC waiting for its hot-add")

	release()
	require.NoError(t, <-result)
	d = c.Describe()
	assert.Equal(t, netcore.StateConfigured, d.State)
	for _, n := range d.NICs {
		assert.Equal(t, "Configured", n.State)
	}
}

// Every public call queued behind a hung operation gives up when its
// context ends, with an error wrapping the context's, and changes nothing.
func TestQueuedCallsGiveUpWhenTheirContextEnds(t *testing.T) {
	c, w, release, result := hungSetup(t)
	calls := map[string]func(ctx context.Context) error{
		"Setup":    c.Setup,
		"Teardown": c.Teardown,
		"Save":     func(ctx context.Context) error { _, err := c.Save(ctx); return err },
		"Patch":    func(ctx context.Context) error { return c.Patch(ctx, testNS2) },
		"Resume": func(ctx context.Context) error {
			return c.Resume(ctx, nil, nil, nil)
		},
		"ResetAfterMigration": c.ResetAfterMigration,
		"Reconcile":           func(ctx context.Context) error { _, err := c.Reconcile(ctx); return err },
		"AddEndpoint":         func(ctx context.Context) error { _, err := c.AddEndpoint(ctx, epID(1)); return err },
		"RemoveEndpoint":      func(ctx context.Context) error { _, err := c.RemoveEndpoint(ctx, epID(1)); return err },
	}
	for name, call := range calls {
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		var err error
		answers(t, name, func() { err = call(ctx) })
		cancel()
		assert.ErrorIs(t, err, context.DeadlineExceeded, name)
		assert.Equal(t, netcore.StateNotConfigured, c.State(), name)
	}
	release()
	require.NoError(t, <-result)
	assert.Equal(t, netcore.StateConfigured, c.State(), "the hung Setup finished as if alone")
	require.NoError(t, c.Teardown(context.Background()))
	w.assertClean(t)
}

// Save, Resume and Patch refuse an already-cancelled context before they
// look at anything: Save does not freeze the network.
func TestCancelledContextChangesNothing(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	w, c := configured(t, lcowLike, true, "eth0")
	_, err := c.Save(cancelled)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, netcore.StateConfigured, c.State(), "Save froze nothing")

	snap, err := c.Save(context.Background())
	require.NoError(t, err)
	err = c.Resume(cancelled, nil, nil, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, netcore.StateSourceMigrating, c.State(), "Resume lifted nothing")

	dst, err := netcore.Import(context.Background(), snap, netcore.Tuning{})
	require.NoError(t, err)
	err = dst.Patch(cancelled, testNS2)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, dst.Describe().PendingNamespaceID, "Patch recorded nothing")
	err = resume(cancelled, dst, w.managers(lcowLike, true))
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, netcore.StateDestinationMigrating, dst.State())
	assert.Empty(t, w.takeCalls())
}
