package netcoretest

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
)

// reach builds a controller in state s through the public API.
func reach(t *testing.T, s netcore.State) (*world, *netcore.Controller) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	c := newTestController(t, w, wcowLike, true)
	switch s {
	case netcore.StateNotConfigured:
	case netcore.StateConfigured:
		require.NoError(t, c.Setup(ctx))
	case netcore.StateInvalid:
		w.failOnce("vm.AddNIC", errors.New("injected"))
		require.Error(t, c.Setup(ctx))
	case netcore.StateTornDown:
		require.NoError(t, c.Setup(ctx))
		require.NoError(t, c.Teardown(ctx))
	case netcore.StateSourceMigrating:
		require.NoError(t, c.Setup(ctx))
		_, err := c.Save(ctx)
		require.NoError(t, err)
	case netcore.StateDestinationMigrating:
		require.NoError(t, c.Setup(ctx))
		snap, err := c.Save(ctx)
		require.NoError(t, err)
		c, err = netcore.Import(ctx, snap, netcore.Tuning{})
		require.NoError(t, err)
		w = newWorld(t)
		w.addNamespace(testNS, "eth0")
		w.sim.PutNamespaceDocument(testNS2, namespaceDoc(testNS))
	default:
		require.FailNow(t, "no recipe for "+s.String())
	}
	require.Equal(t, s, c.State())
	w.takeCalls()
	return w, c
}

// TestLifecycleTable checks every row of the lifecycle table in gen/network.fsm
// through the public API, and that every operation not in the table is
// refused with a failed-precondition error and no state change.
func TestLifecycleTable(t *testing.T) {
	ctx := context.Background()
	ops := map[string]func(*world, *netcore.Controller) error{
		"Setup":    func(_ *world, c *netcore.Controller) error { return c.Setup(ctx) },
		"Teardown": func(_ *world, c *netcore.Controller) error { return c.Teardown(ctx) },
		"Save":     func(_ *world, c *netcore.Controller) error { _, err := c.Save(ctx); return err },
		"Resume":   func(w *world, c *netcore.Controller) error { return resume(ctx, c, w.managers(wcowLike, true)) },
		"Patch":    func(_ *world, c *netcore.Controller) error { return c.Patch(ctx, testNS2) },
	}
	type row struct {
		from netcore.State
		op   string
		to   netcore.State
	}
	allowed := []row{
		{netcore.StateNotConfigured, "Setup", netcore.StateConfigured},
		{netcore.StateNotConfigured, "Teardown", netcore.StateNotConfigured},
		{netcore.StateConfigured, "Save", netcore.StateSourceMigrating},
		{netcore.StateConfigured, "Teardown", netcore.StateTornDown},
		{netcore.StateConfigured, "Resume", netcore.StateConfigured},
		{netcore.StateInvalid, "Teardown", netcore.StateTornDown},
		{netcore.StateTornDown, "Teardown", netcore.StateTornDown},
		{netcore.StateDestinationMigrating, "Resume", netcore.StateConfigured},
		{netcore.StateDestinationMigrating, "Teardown", netcore.StateTornDown},
		{netcore.StateDestinationMigrating, "Patch", netcore.StateDestinationMigrating},
		{netcore.StateSourceMigrating, "Resume", netcore.StateConfigured},
		{netcore.StateSourceMigrating, "Teardown", netcore.StateTornDown},
		{netcore.StateSourceMigrating, "Save", netcore.StateSourceMigrating},
	}
	isAllowed := map[[2]string]bool{}
	for _, r := range allowed {
		isAllowed[[2]string{r.from.String(), r.op}] = true
		t.Run(r.from.String()+"/"+r.op, func(t *testing.T) {
			w, c := reach(t, r.from)
			require.NoError(t, ops[r.op](w, c))
			assert.Equal(t, r.to, c.State())
		})
	}
	for s := netcore.State(0); !strings.HasPrefix(s.String(), "State("); s++ { // every state: String names only those
		for op, f := range ops {
			if isAllowed[[2]string{s.String(), op}] {
				continue
			}
			t.Run(s.String()+"/"+op+"/refused", func(t *testing.T) {
				w, c := reach(t, s)
				err := f(w, c)
				require.Error(t, err)
				assert.True(t, errdefs.IsFailedPrecondition(err), "got %v", err)
				assert.Contains(t, err.Error(), s.String())
				assert.Equal(t, s, c.State())
				assert.Empty(t, w.takeCalls(), "a refused operation makes no call")
			})
		}
	}
}

// TestConcurrentOperations races Setup, Teardown, Save and State on one
// controller: exactly one Setup does the work, the rest are refused as
// failed preconditions, and the end state is consistent with what ran.
func TestConcurrentOperations(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0", "net1")
	c := newTestController(t, w, wcowLike, true)
	ctx := context.Background()

	const n = 32
	var wg sync.WaitGroup
	var setups, refused atomic.Int32
	start := make(chan struct{})
	for range n {
		wg.Add(3)
		go func() {
			defer wg.Done()
			<-start
			err := c.Setup(ctx)
			switch {
			case err == nil:
				setups.Add(1)
			case errdefs.IsFailedPrecondition(err):
				refused.Add(1)
			default:
				assert.NoError(t, err, "Setup: unexpected error")
			}
		}()
		go func() {
			defer wg.Done()
			<-start
			_, _ = c.Save(ctx)
			_ = c.State()
		}()
		go func() {
			defer wg.Done()
			<-start
			_ = c.State().String()
		}()
	}
	close(start)
	wg.Wait()
	assert.Equal(t, int32(1), setups.Load(), "exactly one Setup does the work")
	assert.Equal(t, int32(n-1), refused.Load())
	assert.Contains(t, []netcore.State{netcore.StateConfigured, netcore.StateSourceMigrating}, c.State())
	require.NoError(t, resume(ctx, c, testManagers{}))

	var teardowns sync.WaitGroup
	for range n {
		teardowns.Add(1)
		go func() {
			defer teardowns.Done()
			assert.NoError(t, c.Teardown(ctx))
		}()
	}
	teardowns.Wait()
	assert.Equal(t, netcore.StateTornDown, c.State())
	w.assertClean(t)
}

// TestControllersShareNothing runs thousands of controllers in parallel; under
// -race any shared mutable state would show.
func TestControllersShareNothing(t *testing.T) {
	const n = 2000
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorld(t)
			w.addNamespace(testNS, "eth0")
			c, err := netcore.New(w.managers(lcowLike, true).config(testNS, netcore.Tuning{}))
			if !assert.NoError(t, err) {
				return
			}
			assert.NoError(t, c.Setup(context.Background()))
			assert.NoError(t, c.Teardown(context.Background()))
			assert.Empty(t, w.vmNICs(), "NICs left on the VM")
			assert.Empty(t, w.sim.Violations(), "invariants broken")
		}()
	}
	wg.Wait()
}

func TestTuningIsValidated(t *testing.T) {
	w := newWorld(t)
	_, err := netcore.New(w.managers(lcowLike, true).config(testNS, netcore.Tuning{Concurrency: -1}))
	assert.True(t, errdefs.IsInvalidArgument(err), "New: %v", err)
	assert.Contains(t, err.Error(), `field Concurrency: invalid value "-1"`)

	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(context.Background())
	require.NoError(t, err)
	_, err = netcore.Import(context.Background(), snap, netcore.Tuning{Concurrency: -1})
	assert.True(t, errdefs.IsInvalidArgument(err), "Import: %v", err)
}

// TestImportTakesTuning checks a destination controller gets the shim's
// observer and NIC IDs, like one built by New.
func TestImportTakesTuning(t *testing.T) {
	ctx := context.Background()
	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(ctx)
	require.NoError(t, err)
	var events []netcore.Event
	dst, err := netcore.Import(ctx, snap, netcore.Tuning{
		NewNICID: func() (string, error) { return nicID(42), nil },
		Observer: func(tr netcore.Transition) { events = append(events, tr.Event) },
	})
	require.NoError(t, err)
	w := newWorld(t)
	w.addNamespace(testNS2, "dst-eth0")
	w.seedGuestNIC(nicID(1))
	require.NoError(t, dst.Patch(ctx, testNS2))
	require.NoError(t, resume(ctx, dst, w.managers(lcowLike, true)))
	require.NoError(t, dst.ResetAfterMigration(ctx))
	assert.Equal(t, []netcore.Event{netcore.EventImported, netcore.EventPatched, netcore.EventResumed, netcore.EventResetSucceeded}, events)
	assert.Equal(t, nicID(42), dst.Describe().NICs[0].ID)
}
