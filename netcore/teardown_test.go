package netcore

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTeardownTreatsGoneGuestAndVMAsDone(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix string
		err    error
		calls  int
	}{
		{"guest gone", "guest.Remove", fmt.Errorf("bridge closed: %w", ErrGuestUnavailable), 5},
		{"vm gone", "vm.RemoveNIC", fmt.Errorf("compute system stopped: %w", ErrVMUnavailable), 5},
		// One transport for both sides: once the VM is gone, the guest's
		// removals fail with the VM's error too, and the VM is not asked
		// for the hot-removes.
		{"vm gone, seen by the guest", "guest.Remove", fmt.Errorf("compute system stopped: %w", ErrVMUnavailable), 3},
		{"vm gone, seen by both", "", fmt.Errorf("compute system stopped: %w", ErrVMUnavailable), 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.addNamespace(testNS, "eth0", "net1")
			c := newTestController(t, w, wcowLike, true)
			require.NoError(t, c.Setup(context.Background()))
			w.takeCalls()
			w.failAlways(tc.prefix, tc.err)
			require.NoError(t, c.Teardown(context.Background()))
			assert.Equal(t, StateTornDown, c.State())
			// The fake applied no removal for failed calls; the calls
			// themselves were made exactly once each.
			assert.Len(t, w.takeCalls(), tc.calls)
		})
	}
}

func TestTeardownNoOps(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	c := newTestController(t, w, lcowLike, true)
	require.NoError(t, c.Teardown(context.Background()), "before Setup")
	assert.Equal(t, StateNotConfigured, c.State())
	require.NoError(t, c.Setup(context.Background()))
	require.NoError(t, c.Teardown(context.Background()))
	w.takeCalls()
	require.NoError(t, c.Teardown(context.Background()), "after TornDown")
	assert.Empty(t, w.takeCalls())
	assert.Equal(t, StateTornDown, c.State())

	err := c.Setup(context.Background())
	assert.True(t, errdefs.IsFailedPrecondition(err), "Setup after TornDown: %v", err)
}

// cancelAfter returns a context that is cancelled as the n-th call is made.
func cancelAfter(w *world, n int) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	var seen atomic.Int32
	w.onCall = func(string) {
		if int(seen.Add(1)) == n {
			cancel()
		}
	}
	return ctx, cancel
}

// A guest removal that reports the VM gone means both sides are done: the
// VM is not asked to hot-remove a device it no longer has, so a VM
// manager that answers that call with an ordinary error cannot make
// Teardown fail forever.
func TestGuestRemovalReportingTheVMGoneSkipsTheHotRemove(t *testing.T) {
	for _, conc := range []int{1, 8} {
		for _, op := range []string{"teardown", "remove-endpoint"} {
			t.Run(fmt.Sprintf("%s/concurrency=%d", op, conc), func(t *testing.T) {
				w := newWorld(t)
				w.concurrency = conc
				w.addNamespace(testNS, "eth0", "net1")
				c := newTestController(t, w, lcowLike, true)
				require.NoError(t, c.Setup(context.Background()))
				w.takeCalls()
				w.failAlways("guest.RemoveNIC", fmt.Errorf("compute system stopped: %w", ErrVMUnavailable))
				w.failAlways("vm.RemoveNIC", fmt.Errorf("compute system %s: access denied", testNS))
				if op == "teardown" {
					require.NoError(t, c.Teardown(context.Background()))
					assert.Equal(t, StateTornDown, c.State())
				} else {
					res, err := c.RemoveEndpoint(context.Background(), epID(1))
					require.NoError(t, err)
					assert.Len(t, res.Removed, 1)
					assert.Len(t, c.Describe().NICs, 1)
				}
				for _, call := range w.takeCalls() {
					assert.NotContains(t, call, "vm.RemoveNIC")
				}
			})
		}
	}
}
