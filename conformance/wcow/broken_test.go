package wcow_test

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
	"github.com/uvmnet/uvmnet/netcore"
)

// forgetsPreAdded acts as a controller with a known leak: a
// NIC the guest pre-added but never got to add (its hot-add failed) is
// never removed from the guest.
type forgetsPreAdded struct {
	netcore.GuestSteps
	mu    sync.Mutex
	added map[string]bool
}

func (g *forgetsPreAdded) ConfigureNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	err := g.GuestSteps.ConfigureNIC(ctx, pod, nic)
	if err == nil {
		g.mu.Lock()
		g.added[nic.ID] = true
		g.mu.Unlock()
	}
	return err
}

func (g *forgetsPreAdded) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	g.mu.Lock()
	added := g.added[nic.ID]
	g.mu.Unlock()
	if !added {
		return nil
	}
	return g.GuestSteps.RemoveNIC(ctx, pod, nic)
}

func TestSuiteFailsControllerThatForgetsAPreAddedNIC(t *testing.T) {
	b := wcow.UvmnetPair()
	nc := wcow.NetcoreOf()
	b.New = func(pod wcow.Pod) (conformance.Controller, error) {
		cfg := nc.Config(pod)
		cfg.Guest = &forgetsPreAdded{GuestSteps: cfg.Guest, added: map[string]bool{}}
		return nc.Build(cfg)
	}
	rep, err := b.Check(conformance.Suite{Seed: 1})
	require.NoError(t, err)
	byName := map[string]conformance.Result{}
	for _, r := range rep.Results {
		byName[r.Name()] = r
	}

	// Only a failed hot-add leaves a NIC pre-added: the fault matrix finds
	// it, the fault-free scenarios cannot.
	for name, want := range map[string]string{
		"c1/faults/setup/ns-off/1-endpoints":       "Setup with error at call 4 (vm.AddNIC)",
		"c8/faults/setup/ns-on/3-endpoints":        "Setup with error at vm.AddNIC d1c00000-0061-4000-8000-000000000002",
		"c8/faults/add-endpoint/ns-on/2-endpoints": "add-endpoint with error at vm.AddNIC",
	} {
		found := false
		for _, f := range byName[name].Failures {
			found = found || strings.Contains(f, want) && strings.Contains(f, "still attached: guest NICs")
		}
		assert.True(t, found, "%s failures: %q", name, byName[name].Failures)
	}
	assert.True(t, byName["c1/state/setup-teardown/ns-off/1-endpoints"].Passed())
	assert.True(t, byName["c8/state/hot-plug/ns-on/3-endpoints"].Passed())
	assert.True(t, byName["c8/contract/setup-teardown/ns-on/3-endpoints"].Passed())
}

// TestCallContractHoldsControllersToTheirOwnNICIDs: with random NIC IDs,
// as hcsshim draws them, and Capabilities.NICIDs left out, the Windows
// call contract (pre-add, hot-add, add by adapter ID; the namespace) still
// binds every expected call to the controller's IDs and passes, while a
// controller that forgets a pre-added NIC still fails.
func TestCallContractHoldsControllersToTheirOwnNICIDs(t *testing.T) {
	own := func(guest func(netcore.GuestSteps) netcore.GuestSteps) wcow.Pair {
		b := wcow.UvmnetPair()
		b.Capabilities.NICIDs, b.Capabilities.Concurrency = false, false
		nc := wcow.NetcoreOf()
		b.New = func(pod wcow.Pod) (conformance.Controller, error) {
			pod.NewNICID = nil
			cfg := nc.Config(pod)
			if guest != nil {
				cfg.Guest = guest(cfg.Guest)
			}
			return nc.Build(cfg)
		}
		b.Import = func(ctx context.Context, snap *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
			opts.NewNICID = nil
			return nc.Import(ctx, snap, opts)
		}
		return b
	}
	rep, err := own(nil).Check(conformance.Suite{Seed: 1})
	require.NoError(t, err)
	passed := map[string]bool{}
	for _, r := range rep.Results {
		assert.False(t, r.Failed(), "%s: %q", r.Name(), r.Failures)
		passed[r.Name()] = r.Passed()
	}
	for _, name := range []string{
		"c1/contract/setup-teardown/ns-on/3-endpoints",
		"c1/contract/migration/ns-off/3-endpoints",
		"c1/contract/hot-plug/ns-on/2-endpoints",
	} {
		assert.True(t, passed[name], name)
	}

	rep, err = own(func(g netcore.GuestSteps) netcore.GuestSteps {
		return &forgetsPreAdded{GuestSteps: g, added: map[string]bool{}}
	}).Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile(`^c1/faults/setup/ns-on/2-endpoints$`)})
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	assert.True(t, rep.Results[0].Failed())
}

// removesTwice acts as a controller that repeats every guest NIC removal.
type removesTwice struct{ netcore.GuestSteps }

func (g removesTwice) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	if err := g.GuestSteps.RemoveNIC(ctx, pod, nic); err != nil {
		return err
	}
	return g.GuestSteps.RemoveNIC(ctx, pod, nic)
}

// The Windows guest agent is closed source and may refuse a repeated
// removal, so the Contract names one under either answer (a Linux agent
// answers it with success: there only the call contract does).
func TestSuiteFailsControllerThatRemovesTwice(t *testing.T) {
	for _, b := range wcow.UvmnetPairs() {
		nc := wcow.NetcoreOf()
		b.New = func(pod wcow.Pod) (conformance.Controller, error) {
			cfg := nc.Config(pod)
			cfg.Guest = removesTwice{cfg.Guest}
			return nc.Build(cfg)
		}
		rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile(`^c1/state/setup-teardown/ns-o(n|ff)/1-endpoints$`)})
		require.NoError(t, err)
		require.Len(t, rep.Results, 2)
		for _, res := range rep.Results {
			require.True(t, res.Failed(), "%s %s passed", b.Name, res.Name())
			assert.Contains(t, res.Failures[0], "NIC removed twice", "%s %s", b.Name, res.Name())
		}
	}
}

// TestSuiteFailsNICIDsCheckedAfterTheNamespaceAdd: a controller that gives
// the Windows guest the namespace before it has drawn and checked its NIC
// IDs leaves the namespace in the guest when an ID is bad; the Extensions
// scenario that hands it a bad ID finds the guest call.
func TestSuiteFailsNICIDsCheckedAfterTheNamespaceAdd(t *testing.T) {
	b := wcow.UvmnetPair()
	nc := wcow.NetcoreOf()
	b.New = func(pod wcow.Pod) (conformance.Controller, error) {
		cfg := nc.Config(pod)
		draw, added := cfg.Tuning.NewNICID, false
		cfg.Tuning.NewNICID = func() (string, error) {
			if !added && cfg.Capabilities != nil && cfg.Capabilities.IsNamespaceAddRequestSupported() {
				added = true
				p := netcore.PodNetwork{NamespaceID: cfg.NamespaceID, PolicyBasedRouting: cfg.PolicyBasedRouting, GuestNamespaceSupported: true}
				if ns, err := cfg.Host.GetNamespaceByID(context.Background(), cfg.NamespaceID); err == nil {
					_ = cfg.Guest.AddNamespace(context.Background(), p, ns)
				}
			}
			return draw()
		}
		return nc.Build(cfg)
	}
	pattern := regexp.MustCompile(`/extension/nic-ids-before-namespace/`)
	rep, err := b.Check(conformance.Suite{Seed: 1, Match: pattern, Extensions: true})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Results)
	for _, res := range rep.Results {
		found := false
		for _, f := range res.Failures {
			found = found || strings.Contains(f, "guest.AddNamespace") && strings.Contains(f, "reached the VM or guest before")
		}
		assert.True(t, found, "%s: %q", res.Name(), res.Failures)
	}
	rep, err = wcow.UvmnetPair().Check(conformance.Suite{Seed: 1, Match: pattern, Extensions: true})
	require.NoError(t, err)
	for _, res := range rep.Results {
		assert.True(t, res.Passed(), "%s: %q", res.Name(), res.Failures)
	}
}
