package lcow_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore"
)

// The suite must fail a controller that misbehaves. These tests break the
// real binding in known ways, by decorating the managers it is given, and
// check that Check names the misbehaviour in the scenarios it affects and
// only there.

// broken is the real binding whose New decorates the managers it is
// given, as an integrator's wrapper would.
func broken(vm func(netcore.VMNetworkManager) netcore.VMNetworkManager, guest func(netcore.GuestSteps) netcore.GuestSteps) lcow.Pair {
	b := lcow.UvmnetPair()
	nc := lcow.NetcoreOf()
	b.New = func(pod lcow.Pod) (conformance.Controller, error) {
		cfg := nc.Config(pod)
		if vm != nil {
			cfg.VM = vm(cfg.VM)
		}
		if guest != nil {
			cfg.Guest = guest(cfg.Guest)
		}
		return nc.Build(cfg)
	}
	return b
}

// fullController is a controller with every optional interface, as
// uvmnet's is: what the wrappers below decorate.
type fullController interface {
	conformance.Controller
	conformance.HotPlugger
	lcow.Migrator
}

// check runs the suite with a fixed seed and fails the test if it cannot
// run at all.
func check(t *testing.T, b lcow.Pair) conformance.Report {
	t.Helper()
	rep, err := b.Check(conformance.Suite{Seed: 1})
	require.NoError(t, err)
	return rep
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
type removesTwice struct{ netcore.GuestSteps }

func (g removesTwice) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	if err := g.GuestSteps.RemoveNIC(ctx, pod, nic); err != nil {
		return err
	}
	return g.GuestSteps.RemoveNIC(ctx, pod, nic)
}

// results indexes a report by scenario.
func results(t *testing.T, rep conformance.Report) map[string]conformance.Result {
	t.Helper()
	out := map[string]conformance.Result{}
	for _, r := range rep.Results {
		out[r.Name()] = r
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
	rep := check(t, broken(func(vm netcore.VMNetworkManager) netcore.VMNetworkManager {
		return &skipsFirstHotRemove{VMNetworkManager: vm}
	}, nil))
	res := results(t, rep)

	state := res["c1/state/setup-teardown/ns-on/2-endpoints"]
	assert.True(t, anyContains(state.Failures, "after Teardown: still attached: VM NICs"), "state failures: %q", state.Failures)
	contract := res["c1/contract/setup-teardown/ns-off/2-endpoints"]
	assert.True(t, anyContains(contract.Failures, "skipped a step the contract requires", "RemoveNIC"), "contract failures: %q", contract.Failures)
	faults := res["c8/faults/teardown/ns-on/3-endpoints"]
	assert.False(t, faults.Passed(), "the fault matrix ran Teardown over a leaking controller")
	// Nothing to leak without endpoints: those scenarios still pass, so the
	// failures above are the leak's, not noise.
	assert.True(t, res["c1/state/setup-teardown/ns-on/0-endpoints"].Passed(), "%q", res["c1/state/setup-teardown/ns-on/0-endpoints"].Failures)
	assert.True(t, res["c8/contract/setup-teardown/ns-off/0-endpoints"].Passed())
	random := res["c1/random/ns-off"]
	assert.True(t, anyContains(random.Failures, "still attached: VM NICs", "seed 1 (replay: CONFORMANCE_SEED=1)"), "random failures: %q", random.Failures)
	assert.True(t, anyContains(res["c8/random/ns-on"].Failures, "still attached: VM NICs"), "random failures: %q", res["c8/random/ns-on"].Failures)
	assert.Greater(t, rep.Failed(), 10)
}

func TestSuiteFailsControllerThatRemovesTwice(t *testing.T) {
	rep := check(t, broken(nil, func(g netcore.GuestSteps) netcore.GuestSteps {
		return removesTwice{g}
	}))
	res := results(t, rep)

	// The Linux guest agent answers a repeated removal with success and
	// holds nothing of it (internal/guest/runtime/hcsv2/network.go,
	// RemoveAdapter), so what is left is right; the call contract, which
	// expects each removal once, still names the repetition.
	state := res["c1/state/setup-teardown/ns-on/1-endpoints"]
	assert.True(t, state.Passed(), "state failures: %q", state.Failures)
	contract := res["c8/contract/setup-teardown/ns-on/1-endpoints"]
	assert.True(t, anyContains(contract.Failures, "Unexpected call", "RemoveNetworkInterface"), "contract failures: %q", contract.Failures)
	// A Linux guest without namespace support is never asked to remove a
	// NIC, so the repetition cannot show there.
	assert.True(t, res["c1/state/setup-teardown/ns-off/1-endpoints"].Passed())
	assert.True(t, res["c8/contract/setup-teardown/ns-off/1-endpoints"].Passed())
}

// ignoresHotPlug acts as a controller whose Reconcile reports success
// without looking at HCN.
type ignoresHotPlug struct{ fullController }

func (ignoresHotPlug) Reconcile(context.Context) (netcore.HotPlugResult, error) {
	return netcore.HotPlugResult{}, nil
}

func TestSuiteFailsControllerThatIgnoresHotPlug(t *testing.T) {
	b := lcow.UvmnetPair()
	b.Wrap = func(c conformance.Controller) conformance.Controller { return ignoresHotPlug{c.(fullController)} }
	rep := check(t, b)
	res := results(t, rep)

	for _, name := range []string{"c1/state/hot-plug/ns-on/2-endpoints", "c8/state/hot-plug/ns-off/2-endpoints"} {
		hp := res[name]
		assert.True(t, anyContains(hp.Failures, "Reconcile result: added []"), "%s failures: %q", name, hp.Failures)
		assert.True(t, anyContains(hp.Failures, "after Reconcile the VM carries"), "%s failures: %q", name, hp.Failures)
	}
	// Setup and Teardown are untouched: their scenarios pass, so the
	// failures above are the hot-plug's.
	assert.True(t, res["c1/state/setup-teardown/ns-on/2-endpoints"].Passed())
	assert.True(t, res["c8/faults/teardown/ns-on/2-endpoints"].Passed())
}

// hotPlugging marks a controller's hot-plug calls for its guest manager.
type hotPlugging struct {
	fullController
	on *atomic.Bool
}

func (c hotPlugging) Reconcile(ctx context.Context) (netcore.HotPlugResult, error) {
	c.on.Store(true)
	defer c.on.Store(false)
	return c.fullController.Reconcile(ctx)
}

func (c hotPlugging) RemoveEndpoint(ctx context.Context, id string) (netcore.HotPlugResult, error) {
	c.on.Store(true)
	defer c.on.Store(false)
	return c.fullController.RemoveEndpoint(ctx, id)
}

// dropsRemoval drops the guest's NIC removals while on is set.
type dropsRemoval struct {
	netcore.GuestSteps
	on *atomic.Bool
}

func (g dropsRemoval) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	if g.on.Load() {
		return nil
	}
	return g.GuestSteps.RemoveNIC(ctx, pod, nic)
}

// forgetsGuestInHotPlug is the binding of a controller whose hot-plug
// removals skip the guest: while a Reconcile or RemoveEndpoint runs, the
// guest's NIC removals are dropped, so the guest keeps a NIC the VM no
// longer has.
func forgetsGuestInHotPlug() lcow.Pair {
	b := lcow.UvmnetPair()
	nc := lcow.NetcoreOf()
	b.New = func(pod lcow.Pod) (conformance.Controller, error) {
		on := new(atomic.Bool)
		cfg := nc.Config(pod)
		cfg.Guest = dropsRemoval{GuestSteps: cfg.Guest, on: on}
		c, err := nc.Build(cfg)
		if err != nil {
			return nil, err
		}
		return hotPlugging{fullController: c.(fullController), on: on}, nil
	}
	return b
}

func TestSuiteFailsControllerThatLeaksAGuestNICInHotPlug(t *testing.T) {
	rep := check(t, forgetsGuestInHotPlug())
	res := results(t, rep)

	for _, conc := range []string{"c1", "c8"} {
		state := res[conc+"/state/hot-plug/ns-on/2-endpoints"]
		assert.True(t, anyContains(state.Failures, "vm.RemoveNIC", "hot-removed while the guest still holds it"), "%s state failures: %q", conc, state.Failures)
		assert.True(t, anyContains(state.Failures, "after Teardown: still attached: guest NICs"), "%s state failures: %q", conc, state.Failures)
		faults := res[conc+"/faults/reconcile/ns-on/2-endpoints"]
		assert.True(t, anyContains(faults.Failures, "still attached: guest NICs"), "%s fault failures: %q", conc, faults.Failures)
		assert.False(t, res[conc+"/faults/remove-endpoint/ns-on/2-endpoints"].Passed(), conc)
		contract := res[conc+"/contract/hot-plug/ns-on/2-endpoints"]
		assert.True(t, anyContains(contract.Failures, "skipped a step the contract requires", "RemoveNetworkInterface"), "%s contract failures: %q", conc, contract.Failures)
		// Setup and Teardown never run under the flag, and a Linux guest
		// without namespace support is never asked to remove a NIC: those
		// scenarios pass, so the failures above are the hot-plug's.
		assert.True(t, res[conc+"/faults/teardown/ns-on/3-endpoints"].Passed(), conc)
		assert.True(t, res[conc+"/contract/setup-teardown/ns-on/3-endpoints"].Passed(), conc)
		assert.True(t, res[conc+"/state/hot-plug/ns-off/3-endpoints"].Passed(), conc)
		assert.True(t, res[conc+"/faults/reconcile/ns-off/2-endpoints"].Passed(), conc)
	}
}

// failedBy lists, by name, the results of profile p that failed.
func failedBy(rep conformance.Report, p conformance.Profile) []string {
	var out []string
	for _, r := range rep.Results {
		if r.Profile == p && r.Failed() {
			out = append(out, r.Name())
		}
	}
	return out
}

// countsHotPlug counts the hot-plug calls a controller receives.
type countsHotPlug struct {
	fullController
	calls *atomic.Int32
}

func (c countsHotPlug) Reconcile(ctx context.Context) (netcore.HotPlugResult, error) {
	c.calls.Add(1)
	return c.fullController.Reconcile(ctx)
}

func (c countsHotPlug) AddEndpoint(ctx context.Context, id string) (netcore.HotPlugResult, error) {
	c.calls.Add(1)
	return c.fullController.AddEndpoint(ctx, id)
}

func (c countsHotPlug) RemoveEndpoint(ctx context.Context, id string) (netcore.HotPlugResult, error) {
	c.calls.Add(1)
	return c.fullController.RemoveEndpoint(ctx, id)
}

func TestUndeclaredHotPlugIsNotApplicableAndNeverCalled(t *testing.T) {
	calls := new(atomic.Int32)
	b := lcow.UvmnetPair()
	b.Capabilities.HotPlug = false
	b.Wrap = func(c conformance.Controller) conformance.Controller {
		return countsHotPlug{fullController: c.(fullController), calls: calls}
	}
	rep := check(t, b)
	res := results(t, rep)

	assert.Zero(t, rep.Failed(), "failed: %v", failedBy(rep, conformance.Contract))
	assert.Zero(t, calls.Load(), "no scenario, random sequences included, may call hot-plug when it is not declared")
	for _, name := range []string{
		"c1/state/hot-plug/ns-on/2-endpoints",
		"c8/faults/reconcile/ns-off/2-endpoints",
		"c1/contract/lifecycle-rules/hot-plug",
		"wire-conn/c1/reliability/panic/reconcile/ns-on/2-endpoints",
	} {
		assert.Equal(t, "needs Capabilities.HotPlug", res[name].NotApplicable, name)
	}
	// What does not need hot-plug still runs: the lifecycle rules without
	// it, and the random sequences over the other operations.
	assert.True(t, res["c1/contract/lifecycle-rules"].Passed())
	assert.True(t, res["c1/contract/lifecycle-rules/migration"].Passed())
	assert.True(t, res["c8/random/ns-on"].Passed())
	assert.Greater(t, rep.NotApplicable(), 100)
}

// setupOnly is a controller without the optional interfaces.
type setupOnly struct{ c conformance.Controller }

func (s setupOnly) Setup(ctx context.Context) error    { return s.c.Setup(ctx) }
func (s setupOnly) Teardown(ctx context.Context) error { return s.c.Teardown(ctx) }
func (s setupOnly) State() netcore.State               { return s.c.State() }

func TestDeclaredCapabilityTheControllerLacksFails(t *testing.T) {
	b := lcow.UvmnetPair()
	b.Wrap = func(c conformance.Controller) conformance.Controller { return setupOnly{c} }
	rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile(`^c1/state/setup-teardown/ns-on/1-endpoints$`)})
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	assert.True(t, anyContains(rep.Results[0].Failures, "declares hot-plug", "does not implement conformance.HotPlugger"), "%q", rep.Results[0].Failures)
}

// noOpTeardown is a controller whose Teardown reports success and does
// nothing.
type noOpTeardown struct{ fullController }

func (noOpTeardown) Teardown(context.Context) error { return nil }

func TestSuiteFailsATeardownThatRemovesNothing(t *testing.T) {
	b := lcow.UvmnetPair()
	b.Wrap = func(c conformance.Controller) conformance.Controller { return noOpTeardown{c.(fullController)} }
	res := results(t, check(t, b))

	// With nothing removed, nothing is faulted: the matrix must fail,
	// neither pass nor be not applicable.
	for _, name := range []string{"c1/faults/teardown/ns-on/2-endpoints", "c8/faults/teardown/ns-off/1-endpoints", "wire-cs/c1/faults/teardown/ns-on/3-endpoints"} {
		assert.True(t, anyContains(res[name].Failures, "fault-free teardown made 0 calls and left attached"), "%s: %q (n/a: %q)", name, res[name].Failures, res[name].NotApplicable)
	}
	// With nothing to remove there is nothing to fault: not applicable.
	assert.NotEmpty(t, res["c1/faults/teardown/ns-on/0-endpoints"].NotApplicable)
}

func TestWrapDecoratesImportedControllers(t *testing.T) {
	b := lcow.UvmnetPair()
	// Only controllers built by Import start as migration destinations:
	// the wrapper breaks those alone.
	b.Wrap = func(c conformance.Controller) conformance.Controller {
		if c.State() == netcore.StateDestinationMigrating {
			return noOpTeardown{c.(fullController)}
		}
		return c
	}
	rep := check(t, b)
	res := results(t, rep)

	dest := res["c1/reliability/migration-destination/teardown-without-reset/ns-on/2-endpoints"]
	assert.True(t, anyContains(dest.Failures, "the guest still holds NIC"), "%q", dest.Failures)
	assert.True(t, anyContains(res["c1/contract/migration/ns-on/2-endpoints"].Failures, "skipped a step the contract requires"), "%q", res["c1/contract/migration/ns-on/2-endpoints"].Failures)
	// Controllers from New are untouched.
	assert.True(t, res["c1/state/setup-teardown/ns-on/2-endpoints"].Passed())
	assert.True(t, res["c8/faults/teardown/ns-on/2-endpoints"].Passed())
}

// stampsSaves is a controller whose every snapshot carries a field of
// its own, a counter: readers skip unknown fields, so the snapshot is as
// good as the contract asks, but a retried Save is not byte-identical.
type stampsSaves struct {
	fullController
	n *atomic.Uint64
}

func (s stampsSaves) Save(ctx context.Context) (*anypb.Any, error) {
	snap, err := s.fullController.Save(ctx)
	if err != nil {
		return nil, err
	}
	value := protowire.AppendTag(slices.Clone(snap.GetValue()), 99, protowire.VarintType)
	value = protowire.AppendVarint(value, s.n.Add(1))
	return &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: value}, nil
}

func TestExtensionOnlyMisbehaviourFailsOnlyTheExtensions(t *testing.T) {
	b := lcow.UvmnetPair()
	n := new(atomic.Uint64)
	b.Wrap = func(c conformance.Controller) conformance.Controller { return stampsSaves{c.(fullController), n} }
	// Nor does it take uvmnet's earlier snapshot type URL.
	imp := b.Import
	b.Import = func(ctx context.Context, snap *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
		if strings.Contains(snap.GetTypeUrl(), "uvmnet") {
			return nil, errors.New("unknown snapshot type")
		}
		return imp(ctx, snap, opts)
	}
	rep, err := b.Check(conformance.Suite{Seed: 1, Extensions: true})
	require.NoError(t, err)

	assert.Empty(t, failedBy(rep, conformance.Contract))
	res := results(t, rep)
	mig := res["extensions/c1/contract/migration/ns-on/2-endpoints"]
	assert.True(t, anyContains(mig.Failures, "snapshot bytes differ"), "%q", mig.Failures)
	rules := res["extensions/c1/contract/lifecycle-rules/migration"]
	assert.True(t, anyContains(rules.Failures, "type.googleapis.com/uvmnet.netcore.save.v1.Payload"), "%q", rules.Failures)
	assert.True(t, res["c1/contract/migration/ns-on/2-endpoints"].Passed())
}

// TestMinimalControllerPassesTheContract: a controller that declares
// nothing (no hot-plug, no migration, NIC IDs of its own, as hcsshim's
// random GUIDs, one call at a time) is held to Setup and Teardown alone:
// everything else is not applicable, and nothing fails for want of a
// capability.
func TestMinimalControllerPassesTheContract(t *testing.T) {
	b := lcow.UvmnetPair()
	b.Capabilities = conformance.Capabilities{}
	nc := lcow.NetcoreOf()
	b.New = func(pod lcow.Pod) (conformance.Controller, error) {
		pod.NewNICID = nil // netcore's own random GUIDs
		pod.Concurrency = 1
		return nc.New(pod)
	}
	b.Import = nil
	rep := check(t, b)
	res := results(t, rep)

	assert.Empty(t, failedBy(rep, conformance.Contract))
	for name, why := range map[string]string{
		"c1/state/hot-plug/ns-on/2-endpoints":                                 "needs Capabilities.HotPlug",
		"c1/contract/migration/ns-on/2-endpoints":                             "needs Capabilities.Migration",
		"c8/state/setup-teardown/ns-on/2-endpoints":                           "needs Capabilities.NICIDs, Capabilities.Concurrency",
		"c1/reliability/migration-destination/failed-reset/ns-on/2-endpoints": "needs Capabilities.Migration",
	} {
		assert.Equal(t, why, res[name].NotApplicable, name)
	}
	for _, name := range []string{
		"c1/contract/setup-teardown/ns-on/3-endpoints",
		"c1/contract/lifecycle-rules",
		"c1/state/setup-teardown/ns-on/3-endpoints",
		"c1/faults/setup/ns-off/3-endpoints",
		"wire-cs/c1/faults/teardown/ns-on/2-endpoints",
		"c1/faults/second/setup-teardown/ns-on/2-endpoints",
		"wire-conn/c1/reliability/panic/setup/ns-on/2-endpoints",
		"c1/random/ns-on",
	} {
		assert.True(t, res[name].Passed(), "%s: %q %q", name, res[name].Failures, res[name].NotApplicable)
	}
}

// ownNICIDs is the real binding with a controller that draws its own
// random NIC IDs, as hcsshim's does, and says so; guest decorates its
// guest steps when set.
func ownNICIDs(guest func(netcore.GuestSteps) netcore.GuestSteps) lcow.Pair {
	b := lcow.UvmnetPair()
	b.Capabilities.NICIDs, b.Capabilities.Concurrency = false, false
	nc := lcow.NetcoreOf()
	b.New = func(pod lcow.Pod) (conformance.Controller, error) {
		pod.NewNICID = nil
		cfg := nc.Config(pod)
		if guest != nil {
			cfg.Guest = guest(cfg.Guest)
		}
		return nc.Build(cfg)
	}
	imp := b.Import
	b.Import = func(ctx context.Context, snap *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
		opts.NewNICID = nil
		return imp(ctx, snap, opts)
	}
	return b
}

// TestCallContractHoldsControllersToTheirOwnNICIDs: the call-contract
// scenarios bind the suite's NIC IDs to those the controller picks, so a
// controller without Capabilities.NICIDs is still held to every call, and
// one that repeats a call still fails.
func TestCallContractHoldsControllersToTheirOwnNICIDs(t *testing.T) {
	rep := check(t, ownNICIDs(nil))
	res := results(t, rep)
	assert.Empty(t, failedBy(rep, conformance.Contract))
	for _, name := range []string{
		"c1/contract/setup-teardown/ns-on/3-endpoints",
		"c1/contract/migration/ns-on/3-endpoints",
		"c1/contract/hot-plug/ns-on/3-endpoints",
		"c1/contract/lifecycle-rules/migration",
	} {
		assert.True(t, res[name].Passed(), "%s: %q %q", name, res[name].Failures, res[name].NotApplicable)
	}

	res = results(t, check(t, ownNICIDs(func(g netcore.GuestSteps) netcore.GuestSteps { return removesTwice{g} })))
	contract := res["c1/contract/setup-teardown/ns-on/2-endpoints"]
	assert.True(t, anyContains(contract.Failures, "Unexpected call", "RemoveNetworkInterface"), "contract failures: %q", contract.Failures)
}
