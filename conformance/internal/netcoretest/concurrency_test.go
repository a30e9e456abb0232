package netcoretest

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// TestPipelineKeepsGuestOrder checks that with Concurrency 8 each attach
// step still reaches the VM and the guest in endpoint order, eth0 first,
// and each NIC's own steps keep theirs.
func TestPipelineKeepsGuestOrder(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		t.Run(kind.String(), func(t *testing.T) {
			w := newWorld(t)
			w.concurrency = 8
			w.addNamespace(testNS, "a", "b", "c", "d", "e", "f-eth0")
			c := newTestController(t, w, kind, true)
			require.NoError(t, c.Setup(context.Background()))
			calls := w.takeCalls()

			for _, step := range []string{"guest.PrepareNIC", "vm.AddNIC", "guest.ConfigureNIC"} {
				var nics []string
				for _, call := range calls {
					if strings.HasPrefix(call, step+" ") {
						nics = append(nics, strings.Fields(call)[1])
					}
				}
				if step == "guest.PrepareNIC" && kind == lcowLike {
					assert.Empty(t, nics)
					continue
				}
				require.Len(t, nics, 6, step)
				assert.True(t, slices.IsSorted(nics), "%s out of endpoint order: %v", step, nics)
			}
			first := map[string]int{}
			for i, call := range calls {
				if f := strings.Fields(call); len(f) > 1 && strings.Contains(f[0], "NIC") {
					first[f[0]+" "+f[1]] = i
				}
			}
			for i := 1; i <= 6; i++ {
				id := nicID(i)
				if kind == wcowLike {
					assert.Less(t, first["guest.PrepareNIC "+id], first["vm.AddNIC "+id])
				}
				assert.Less(t, first["vm.AddNIC "+id], first["guest.ConfigureNIC "+id])
			}
			assert.Contains(t, calls, "vm.AddNIC "+nicID(1)+" "+epID(6)+" 00-15-5D-00-00-06", "eth0 gets the first NIC")
		})
	}
}

// TestConcurrencyBound checks the option's promise in terms of calls in
// flight: 1 keeps one call at a time, 8 overlaps reads, attach steps and
// removals, and never exceeds the bound.
func TestConcurrencyBound(t *testing.T) {
	for _, conc := range []int{1, 2, 8} {
		t.Run(fmt.Sprint(conc), func(t *testing.T) {
			w := newWorld(t)
			w.concurrency = conc
			w.addNamespace(testNS, "a", "b", "c", "d", "e", "f", "g", "h-eth0")
			// Every call takes a while, so that calls in flight at once
			// overlap measurably.
			opts := w.sim.Options()
			opts.CallDelay = time.Millisecond
			w.sim.SetOptions(opts)
			c := newTestController(t, w, wcowLike, true)
			require.NoError(t, c.Setup(context.Background()))
			setupPeak := w.sim.TakePeakInFlight()
			require.NoError(t, c.Teardown(context.Background()))
			teardownPeak := w.sim.TakePeakInFlight()
			w.assertClean(t)
			if conc == 1 {
				assert.Equal(t, 1, setupPeak)
				assert.Equal(t, 1, teardownPeak)
				return
			}
			assert.Greater(t, setupPeak, 1, "setup overlaps calls")
			assert.LessOrEqual(t, setupPeak, conc)
			assert.Greater(t, teardownPeak, 1, "teardown overlaps NICs")
			assert.LessOrEqual(t, teardownPeak, conc)
		})
	}
}

// TestConcurrentCancellation cancels Setup and Teardown with Concurrency 8
// at every call: calls already in flight may finish, but whatever state
// results, a Teardown with a live context leaves nothing behind and
// nothing is removed twice or without having been added.
func TestConcurrentCancellation(t *testing.T) {
	names := []string{"a", "b", "c-eth0", "d"}
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		w := newWorld(t)
		w.concurrency = 8
		w.addNamespace(testNS, names...)
		c := newTestController(t, w, kind, true)
		require.NoError(t, c.Setup(context.Background()))
		setupCalls := len(w.takeCalls())
		require.NoError(t, c.Teardown(context.Background()))
		teardownCalls := len(w.takeCalls())

		for n := 1; n <= setupCalls; n++ {
			t.Run(fmt.Sprintf("%s/setup/after-%d", kind, n), func(t *testing.T) {
				w := newWorld(t)
				w.concurrency = 8
				w.addNamespace(testNS, names...)
				c := newTestController(t, w, kind, true)
				ctx, cancel := cancelAfter(w, n)
				defer cancel()
				err := c.Setup(ctx)
				assertCancelled(t, w, n, err, c.State(), netcore.StateConfigured, setupCalls)
				w.onCall = nil
				require.NoError(t, c.Teardown(context.Background()))
				w.assertClean(t)
			})
		}
		for n := 1; n < teardownCalls; n++ {
			t.Run(fmt.Sprintf("%s/teardown/after-%d", kind, n), func(t *testing.T) {
				w := newWorld(t)
				w.concurrency = 8
				w.addNamespace(testNS, names...)
				c := newTestController(t, w, kind, true)
				require.NoError(t, c.Setup(context.Background()))
				w.takeCalls()
				ctx, cancel := cancelAfter(w, n)
				defer cancel()
				err := c.Teardown(ctx)
				assertCancelled(t, w, n, err, c.State(), netcore.StateTornDown, teardownCalls)
				w.onCall = nil
				require.NoError(t, c.Teardown(context.Background()))
				w.assertClean(t)
			})
		}
	}
}

// assertCancelled checks an operation whose context was cancelled during
// its n-th manager call, with up to 8 calls in flight: it either finished
// every call (done, state want) or failed with the cancellation, Invalid;
// and no call started after the cancellation except the ones already in
// flight, at most 7 besides the n-th.
func assertCancelled(t *testing.T, w *world, n int, err error, got, want netcore.State, all int) {
	t.Helper()
	made := len(w.takeCalls())
	if err == nil {
		assert.Equal(t, want, got)
		assert.Equal(t, all, made, "a finished operation made every call")
		return
	}
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, netcore.StateInvalid, got)
	assert.LessOrEqual(t, made, n+7, "calls started after the cancellation")
	assert.Less(t, made, all, "a cancelled operation cannot have made every call")
}

// gatedHost holds every endpoint read until gate is closed, counting the
// reads that wait.
type gatedHost struct {
	netcore.HostNetwork
	gate    chan struct{}
	waiting atomic.Int32
}

func (h *gatedHost) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	h.waiting.Add(1)
	<-h.gate
	return h.HostNetwork.GetEndpointByID(ctx, id)
}

// Endpoint reads hold no more goroutines than Concurrency, however many
// endpoints the namespace lists: a goroutine starts only for a read that
// has a slot.
func TestEndpointReadsHoldBoundedGoroutines(t *testing.T) {
	const conc, endpoints = 4, netcore.MaxNICs
	w := newWorld(t)
	w.concurrency = conc
	names := make([]string, endpoints)
	for i := range names {
		names[i] = fmt.Sprintf("net%d", i)
	}
	w.addNamespace(testNS, names...)
	m := w.managers(lcowLike, true)
	host := &gatedHost{HostNetwork: m.Host, gate: make(chan struct{})}
	m.Host = host
	c, err := netcore.New(m.config(testNS, netcore.Tuning{NewNICID: nicIDs(), Concurrency: conc}))
	require.NoError(t, err)

	before := runtime.NumGoroutine()
	done := make(chan error)
	go func() { done <- c.Setup(context.Background()) }()
	require.Eventually(t, func() bool { return host.waiting.Load() == conc }, 10*time.Second, time.Millisecond)
	// Let any goroutine started without a slot show itself.
	time.Sleep(20 * time.Millisecond)
	extra := runtime.NumGoroutine() - before
	close(host.gate)
	require.NoError(t, <-done)
	// The Setup goroutine itself and the readers; a few more for the
	// runtime's own bookkeeping.
	assert.LessOrEqual(t, extra, 1+conc+2, "goroutines held while %d reads wait", conc)
	assert.EqualValues(t, endpoints, host.waiting.Load(), "every endpoint read once")
}
