package lcow_test

import (
	"context"
	"regexp"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore"
)

// wrapped is the real binding whose controllers are wrapped by wrap, as a
// shim's own layer around the controller would.
func wrapped(wrap func(fullController) conformance.Controller) lcow.Pair {
	b := lcow.UvmnetPair()
	b.Wrap = func(c conformance.Controller) conformance.Controller { return wrap(c.(fullController)) }
	return b
}

// checkOnly runs the scenarios whose names match pattern, in both
// profiles: the robustness promises below are uvmnet's extensions.
func checkOnly(t *testing.T, b lcow.Pair, pattern string) map[string]conformance.Result {
	t.Helper()
	rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile(pattern), Extensions: true})
	require.NoError(t, err)
	return results(t, rep)
}

// offloaded runs each operation on a goroutine of its own and waits for
// it, swallowing how the goroutine ended: a panic or a runtime.Goexit in
// a manager or an observer never reaches the caller.
type offloaded struct{ fullController }

func offload(f func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { _ = recover() }()
		f()
	}()
	<-done
}

func (c offloaded) Setup(ctx context.Context) (err error) {
	offload(func() { err = c.fullController.Setup(ctx) })
	return err
}

func (c offloaded) Teardown(ctx context.Context) (err error) {
	offload(func() { err = c.fullController.Teardown(ctx) })
	return err
}

func (c offloaded) Reconcile(ctx context.Context) (res netcore.HotPlugResult, err error) {
	offload(func() { res, err = c.fullController.Reconcile(ctx) })
	return res, err
}

func (c offloaded) Resume(ctx context.Context, m lcow.Managers) (err error) {
	offload(func() { err = c.fullController.Resume(ctx, m) })
	return err
}

func TestSuiteFailsControllerThatSwallowsPanicsAndGoexits(t *testing.T) {
	res := checkOnly(t, wrapped(func(c fullController) conformance.Controller { return offloaded{c} }),
		`/reliability/(observer-panics|goexit)/`)
	for _, name := range []string{
		"extensions/c1/reliability/goexit/vm.AddNIC/ns-on/2-endpoints",
		"extensions/c8/reliability/goexit/vm.RemoveNIC/ns-off/2-endpoints",
		"extensions/c8/reliability/goexit/host.GetEndpointByID/ns-on/2-endpoints",
	} {
		assert.True(t, anyContains(res[name].Failures, "the Goexit did not reach the caller"), "%s failures: %q", name, res[name].Failures)
	}
	for _, name := range []string{
		"extensions/c1/reliability/observer-panics/setup/ns-on/2-endpoints",
		"extensions/c8/reliability/observer-panics/resume/ns-off/2-endpoints",
	} {
		assert.True(t, anyContains(res[name].Failures, "the panic did not reach the caller"), "%s failures: %q", name, res[name].Failures)
	}
}

// ownLock serialises every operation behind a mutex of its own, which a
// caller cannot stop waiting for.
type ownLock struct {
	fullController
	mu *sync.Mutex
}

func (c ownLock) Setup(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fullController.Setup(ctx)
}

func (c ownLock) Teardown(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fullController.Teardown(ctx)
}

func TestSuiteFailsControllerThatKeepsCallersWaiting(t *testing.T) {
	res := checkOnly(t, wrapped(func(c fullController) conformance.Controller { return ownLock{c, &sync.Mutex{}} }),
		`^extensions/c1/reliability/queued-context-ends/ns-on/`)
	name := "extensions/c1/reliability/queued-context-ends/ns-on/2-endpoints"
	assert.True(t, anyContains(res[name].Failures, "Teardown queued behind a Setup hung in a hot-add", "still waiting"),
		"%s failures: %q", name, res[name].Failures)
}
