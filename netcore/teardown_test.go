package netcore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTeardownFaultAtEveryCall fails each call Teardown makes, one run per
// call: Teardown reports it, goes on with the other NICs, leaves the
// controller Invalid, and a retried Teardown finishes the job without
// repeating any removal that succeeded.
func TestTeardownFaultAtEveryCall(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		for _, supported := range []bool{true, false} {
			w := newWorld(t)
			w.addNamespace(testNS, "a", "b-eth0", "c")
			c := newTestController(t, w, kind, supported)
			require.NoError(t, c.Setup(context.Background()))
			w.takeCalls()
			require.NoError(t, c.Teardown(context.Background()))
			sites := w.takeCalls()
			require.NotEmpty(t, sites)

			for i, site := range sites {
				t.Run(fmt.Sprintf("%s/supported=%v/%d:%s", kind, supported, i, site), func(t *testing.T) {
					w := newWorld(t)
					w.addNamespace(testNS, "a", "b-eth0", "c")
					c := newTestController(t, w, kind, supported)
					require.NoError(t, c.Setup(context.Background()))
					w.takeCalls()
					cause := errors.New("injected")
					w.failOnce(site, cause)

					err := c.Teardown(context.Background())
					require.ErrorIs(t, err, cause)
					assert.Equal(t, StateInvalid, c.State())
					first := w.takeCalls()
					if !strings.Contains(site, "Namespace") {
						// Every other NIC was still attempted.
						assert.Len(t, first, len(sites)-countAfterFailure(kind, supported, site, sites), "calls: %v", first)
					}

					require.NoError(t, c.Teardown(context.Background()))
					assert.Equal(t, StateTornDown, c.State())
					retry := w.takeCalls()
					assert.Equal(t, site, retry[0], "the retry starts with the call that failed")
					assert.Equal(t, len(sites), len(first)-1+len(retry), "no call is repeated: first %v, retry %v", first, retry)
					w.assertClean(t)
				})
			}
		}
	}
}

// countAfterFailure is how many of a clean Teardown's calls are not made
// when site fails: the failing NIC's later steps and, since a NIC is left,
// the namespace removal.
func countAfterFailure(kind platformKind, supported bool, site string, sites []string) int {
	skipped := 0
	if strings.HasPrefix(site, "guest.RemoveNIC") {
		skipped++ // that NIC's host removal
	}
	if kind == wcowLike && supported {
		skipped++ // the namespace removal
	}
	return skipped
}

func TestTeardownTreatsGoneGuestAndVMAsDone(t *testing.T) {
	for _, tc := range []struct {
		name   string
		prefix string
		err    error
	}{
		{"guest gone", "guest.Remove", fmt.Errorf("bridge closed: %w", ErrGuestUnavailable)},
		{"vm gone", "vm.RemoveNIC", fmt.Errorf("compute system stopped: %w", ErrVMUnavailable)},
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
			assert.Len(t, w.takeCalls(), 5)
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

// TestCancellation cancels the context at each call of Setup and of
// Teardown: the operation stops before its next call, wraps the context's
// error, and a Teardown with a live context leaves nothing behind.
func TestCancellation(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		w := newWorld(t)
		w.addNamespace(testNS, "eth0", "net1")
		c := newTestController(t, w, kind, true)
		require.NoError(t, c.Setup(context.Background()))
		setupCalls := w.takeCalls()
		require.NoError(t, c.Teardown(context.Background()))
		teardownCalls := w.takeCalls()

		for i := range setupCalls {
			t.Run(fmt.Sprintf("%s/setup/after-%d-calls", kind, i+1), func(t *testing.T) {
				w := newWorld(t)
				w.addNamespace(testNS, "eth0", "net1")
				c := newTestController(t, w, kind, true)
				ctx, cancel := cancelAfter(w, i+1)
				defer cancel()
				err := c.Setup(ctx)
				if i+1 == len(setupCalls) {
					require.NoError(t, err, "cancelled after the last call")
				} else {
					require.ErrorIs(t, err, context.Canceled)
					assert.Len(t, w.takeCalls(), i+1, "no call after cancellation")
					assert.Equal(t, StateInvalid, c.State())
				}
				require.NoError(t, c.Teardown(context.Background()))
				w.assertClean(t)
			})
		}
		for i := range teardownCalls[:len(teardownCalls)-1] {
			t.Run(fmt.Sprintf("%s/teardown/after-%d-calls", kind, i+1), func(t *testing.T) {
				w := newWorld(t)
				w.addNamespace(testNS, "eth0", "net1")
				c := newTestController(t, w, kind, true)
				require.NoError(t, c.Setup(context.Background()))
				w.takeCalls()
				ctx, cancel := cancelAfter(w, i+1)
				defer cancel()
				err := c.Teardown(ctx)
				require.ErrorIs(t, err, context.Canceled)
				assert.Len(t, w.takeCalls(), i+1, "no call after cancellation")
				assert.Equal(t, StateInvalid, c.State())
				require.NoError(t, c.Teardown(context.Background()))
				assert.Len(t, w.takeCalls(), len(teardownCalls)-(i+1), "retry does the rest, once")
				w.assertClean(t)
			})
		}
	}
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
