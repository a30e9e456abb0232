package wcow_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netwcow"
)

// brokenPlatform is the real binding with its guest manager decorated.
type brokenPlatform struct {
	conformance.Platform
	guest func(netwcow.GuestNetworkManager) netwcow.GuestNetworkManager
}

func (b brokenPlatform) NewController(cfg conformance.ControllerConfig) (conformance.Controller, error) {
	cfg.Guest = b.guest(cfg.Guest.(netwcow.GuestNetworkManager))
	return b.Platform.NewController(cfg)
}

// forgetsPreAdded acts as a controller with a known leak: a
// NIC the guest pre-added but never got to add (its hot-add failed) is
// never removed from the guest.
type forgetsPreAdded struct {
	netwcow.GuestNetworkManager
	mu    sync.Mutex
	added map[string]bool
}

func (g *forgetsPreAdded) AddNetworkInterface(ctx context.Context, id string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	err := g.GuestNetworkManager.AddNetworkInterface(ctx, id, rt, ep)
	if err == nil && rt == netwcow.RequestTypeAdd {
		g.mu.Lock()
		g.added[id] = true
		g.mu.Unlock()
	}
	return err
}

func (g *forgetsPreAdded) RemoveNetworkInterface(ctx context.Context, id string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	g.mu.Lock()
	added := g.added[id]
	g.mu.Unlock()
	if !added {
		return nil
	}
	return g.GuestNetworkManager.RemoveNetworkInterface(ctx, id, rt, ep)
}

func TestSuiteFailsControllerThatForgetsAPreAddedNIC(t *testing.T) {
	rep := conformance.Suite{Seed: 1}.Check(brokenPlatform{
		Platform: wcow.Platform(),
		guest: func(g netwcow.GuestNetworkManager) netwcow.GuestNetworkManager {
			return &forgetsPreAdded{GuestNetworkManager: g, added: map[string]bool{}}
		},
	})
	byName := map[string]conformance.Result{}
	for _, r := range rep.Results {
		byName[fmt.Sprintf("c%d/%s", r.Concurrency, r.Scenario)] = r
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
