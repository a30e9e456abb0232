package netcoretest

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
)

func TestTeardownTreatsGoneGuestAndVMAsDone(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix string
		err    error
		calls  int
	}{
		{"guest gone", "guest.Remove", fmt.Errorf("bridge closed: %w", netcore.ErrGuestUnavailable), 5},
		{"vm gone", "vm.RemoveNIC", fmt.Errorf("compute system stopped: %w", netcore.ErrVMUnavailable), 5},
		// One transport for both sides: once the VM is gone, the guest's
		// removals fail with the VM's error too; the VM is still asked for
		// the hot-removes, and its own answer decides.
		{"vm gone, seen by the guest", "guest.Remove", fmt.Errorf("compute system stopped: %w", netcore.ErrVMUnavailable), 5},
		{"vm gone, seen by both", "", fmt.Errorf("compute system stopped: %w", netcore.ErrVMUnavailable), 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.addNamespace(testNS, "eth0", "net1")
			c := newTestController(t, w, wcowLike, true)
			require.NoError(t, c.Setup(context.Background()))
			w.takeCalls()
			w.failAlways(tc.prefix, tc.err)
			require.NoError(t, c.Teardown(context.Background()))
			assert.Equal(t, netcore.StateTornDown, c.State())
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
	assert.Equal(t, netcore.StateNotConfigured, c.State())
	require.NoError(t, c.Setup(context.Background()))
	require.NoError(t, c.Teardown(context.Background()))
	w.takeCalls()
	require.NoError(t, c.Teardown(context.Background()), "after TornDown")
	assert.Empty(t, w.takeCalls())
	assert.Equal(t, netcore.StateTornDown, c.State())

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

// A guest removal that reports the VM gone is done in the guest only: the
// VM's hot-remove is still made and its own answer decides. A VM that
// answers it with an ordinary error keeps the NIC tracked (Teardown and
// RemoveEndpoint fail); one that answers it cleanly has the NIC removed.
// Counting the hot-remove as done on the guest's word leaked both NICs on
// a live VM whose compute system answered only the guest removal with
// 0x490.
func TestGuestRemovalReportingTheVMGoneStillMakesTheHotRemove(t *testing.T) {
	for _, conc := range []int{1, 8} {
		for _, op := range []string{"teardown", "remove-endpoint"} {
			for _, vmAnswers := range []string{"refuses", "removes"} {
				t.Run(fmt.Sprintf("%s/concurrency=%d/vm-%s", op, conc, vmAnswers), func(t *testing.T) {
					w := newWorld(t)
					w.concurrency = conc
					w.addNamespace(testNS, "eth0", "net1")
					c := newTestController(t, w, lcowLike, true)
					require.NoError(t, c.Setup(context.Background()))
					w.takeCalls()
					w.failAlways("guest.RemoveNIC", fmt.Errorf("compute system answered 0x490: %w", netcore.ErrVMUnavailable))
					refusal := fmt.Errorf("compute system %s: access denied", testNS)
					if vmAnswers == "refuses" {
						w.failAlways("vm.RemoveNIC", refusal)
					}
					var err error
					if op == "teardown" {
						err = c.Teardown(context.Background())
					} else {
						_, err = c.RemoveEndpoint(context.Background(), epID(1))
					}
					hotRemoves := 0
					for _, call := range w.takeCalls() {
						if strings.Contains(call, "vm.RemoveNIC") {
							hotRemoves++
						}
					}
					want := map[string]int{"teardown": 2, "remove-endpoint": 1}[op]
					assert.Equal(t, want, hotRemoves, "every hot-remove is made")
					if vmAnswers == "refuses" {
						require.ErrorIs(t, err, refusal)
						assert.Len(t, c.Describe().NICs, 2, "a NIC the VM did not let go stays tracked")
						return
					}
					require.NoError(t, err)
					if op == "teardown" {
						assert.Equal(t, netcore.StateTornDown, c.State())
					} else {
						assert.Len(t, c.Describe().NICs, 1)
					}
				})
			}
		}
	}
}
