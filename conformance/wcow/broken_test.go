package wcow_test

import (
	"context"
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
		byName[r.Scenario] = r
	}

	// Only a failed hot-add leaves a NIC pre-added: the fault matrix finds
	// it, the fault-free scenarios cannot.
	setup := byName["faults/setup/ns-off/1-endpoints"]
	found := false
	for _, f := range setup.Failures {
		found = found || strings.Contains(f, "Setup with error at call 4 (vm.AddNIC)") && strings.Contains(f, "still attached: guest NICs")
	}
	assert.True(t, found, "setup fault failures: %q", setup.Failures)
	assert.True(t, byName["state/setup-teardown/ns-off/1-endpoints"].Passed())
	assert.True(t, byName["contract/setup-teardown/ns-on/3-endpoints"].Passed())
}
