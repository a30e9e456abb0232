package lcow_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// The suite must fail a controller that misbehaves. These tests break the
// real binding in known ways, by decorating the managers it is given, and
// check that Check names the misbehaviour in the scenarios it affects and
// only there.

// brokenPlatform is the real binding with its managers decorated.
type brokenPlatform struct {
	conformance.Platform
	vm    func(netcore.VMNetworkManager) netcore.VMNetworkManager
	guest func(netlcow.GuestNetworkManager) netlcow.GuestNetworkManager
}

func (b brokenPlatform) NewController(cfg conformance.ControllerConfig) (conformance.Controller, error) {
	if b.vm != nil {
		cfg.VM = b.vm(cfg.VM)
	}
	if b.guest != nil {
		cfg.Guest = b.guest(cfg.Guest.(netlcow.GuestNetworkManager))
	}
	return b.Platform.NewController(cfg)
}

// skipsFirstHotRemove acts as a controller that forgets one NIC: the
// first hot-remove never reaches the VM.
type skipsFirstHotRemove struct {
	netcore.VMNetworkManager
	once sync.Once
}

func (v *skipsFirstHotRemove) RemoveNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	skipped := false
	v.once.Do(func() { skipped = true })
	if skipped {
		return nil
	}
	return v.VMNetworkManager.RemoveNIC(ctx, nicID, a)
}

// removesTwice acts as a controller that repeats every guest removal.
type removesTwice struct{ netlcow.GuestNetworkManager }

func (g removesTwice) RemoveNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if err := g.GuestNetworkManager.RemoveNetworkInterface(ctx, a); err != nil {
		return err
	}
	return g.GuestNetworkManager.RemoveNetworkInterface(ctx, a)
}

// results indexes a report by scenario.
func results(t *testing.T, rep conformance.Report) map[string]conformance.Result {
	t.Helper()
	out := map[string]conformance.Result{}
	for _, r := range rep.Results {
		out[r.Scenario] = r
	}
	require.NotEmpty(t, out)
	return out
}

func anyContains(failures []string, substrings ...string) bool {
	for _, f := range failures {
		all := true
		for _, s := range substrings {
			all = all && strings.Contains(f, s)
		}
		if all {
			return true
		}
	}
	return false
}

func TestSuiteFailsControllerThatLeaksANIC(t *testing.T) {
	rep := conformance.Suite{Seed: 1}.Check(brokenPlatform{
		Platform: lcow.Platform(),
		vm: func(vm netcore.VMNetworkManager) netcore.VMNetworkManager {
			return &skipsFirstHotRemove{VMNetworkManager: vm}
		},
	})
	res := results(t, rep)

	state := res["state/setup-teardown/ns-on/2-endpoints"]
	assert.True(t, anyContains(state.Failures, "after Teardown: still attached: VM NICs"), "state failures: %q", state.Failures)
	contract := res["contract/setup-teardown/ns-off/2-endpoints"]
	assert.True(t, anyContains(contract.Failures, "missing call(s)", "RemoveNIC"), "contract failures: %q", contract.Failures)
	faults := res["faults/teardown/ns-on/3-endpoints"]
	assert.False(t, faults.Passed(), "the fault matrix ran Teardown over a leaking controller")
	// Nothing to leak without endpoints: those scenarios still pass, so the
	// failures above are the leak's, not noise.
	assert.True(t, res["state/setup-teardown/ns-on/0-endpoints"].Passed(), "%q", res["state/setup-teardown/ns-on/0-endpoints"].Failures)
	assert.True(t, res["contract/setup-teardown/ns-off/0-endpoints"].Passed())
	random := res["random/ns-off"]
	assert.True(t, anyContains(random.Failures, "still attached: VM NICs", "seed 1 (replay: CONFORMANCE_SEED=1)"), "random failures: %q", random.Failures)
	assert.Greater(t, rep.Failed(), 10)
}

func TestSuiteFailsControllerThatRemovesTwice(t *testing.T) {
	rep := conformance.Suite{Seed: 1}.Check(brokenPlatform{
		Platform: lcow.Platform(),
		guest: func(g netlcow.GuestNetworkManager) netlcow.GuestNetworkManager {
			return removesTwice{g}
		},
	})
	res := results(t, rep)

	state := res["state/setup-teardown/ns-on/1-endpoints"]
	assert.True(t, anyContains(state.Failures, "guest.RemoveNIC", "NIC removed twice"), "state failures: %q", state.Failures)
	contract := res["contract/setup-teardown/ns-on/1-endpoints"]
	assert.True(t, anyContains(contract.Failures, "Unexpected call", "RemoveNetworkInterface"), "contract failures: %q", contract.Failures)
	// A Linux guest without namespace support is never asked to remove a
	// NIC, so the repetition cannot show there.
	assert.True(t, res["state/setup-teardown/ns-off/1-endpoints"].Passed())
	assert.True(t, res["contract/setup-teardown/ns-off/1-endpoints"].Passed())
}

// ignoresHotPlug acts as a controller whose Reconcile reports success
// without looking at HCN.
type ignoresHotPlug struct{ conformance.Controller }

func (ignoresHotPlug) Reconcile(context.Context) (netcore.HotPlugResult, error) {
	return netcore.HotPlugResult{}, nil
}

type ignoresHotPlugPlatform struct{ conformance.Platform }

func (p ignoresHotPlugPlatform) NewController(cfg conformance.ControllerConfig) (conformance.Controller, error) {
	c, err := p.Platform.NewController(cfg)
	if err != nil {
		return nil, err
	}
	return ignoresHotPlug{c}, nil
}

func TestSuiteFailsControllerThatIgnoresHotPlug(t *testing.T) {
	rep := conformance.Suite{Seed: 1}.Check(ignoresHotPlugPlatform{lcow.Platform()})
	res := results(t, rep)

	for _, name := range []string{"state/hot-plug/ns-on/2-endpoints", "state/hot-plug/ns-off/2-endpoints/concurrency-8"} {
		hp := res[name]
		assert.True(t, anyContains(hp.Failures, "Reconcile result", "want 2 added"), "%s failures: %q", name, hp.Failures)
		assert.True(t, anyContains(hp.Failures, "after Reconcile the VM carries"), "%s failures: %q", name, hp.Failures)
	}
	// Setup and Teardown are untouched: their scenarios pass, so the
	// failures above are the hot-plug's.
	assert.True(t, res["state/setup-teardown/ns-on/2-endpoints"].Passed())
	assert.True(t, res["faults/teardown/ns-on/2-endpoints/concurrency-8"].Passed())
}
