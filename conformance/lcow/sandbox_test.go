package lcow_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netlcow"
)

// keepsRefusedNIC is a Linux guest contract that drops the removal of a
// NIC whose add the agent refused: the controller then never makes the
// agent forget it, as uvmnet's steps before they learned that the agent
// records an adapter before refusing it once the sandbox runs.
type keepsRefusedNIC struct {
	netlcow.GuestNetworkManager
	refused sync.Map
}

func (k *keepsRefusedNIC) AddNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	err := k.GuestNetworkManager.AddNetworkInterface(ctx, a)
	if err != nil && a != nil {
		k.refused.Store(strings.ToLower(a.ID), true)
	}
	return err
}

func (k *keepsRefusedNIC) RemoveNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if a != nil {
		if _, ok := k.refused.LoadAndDelete(strings.ToLower(a.ID)); ok {
			return nil
		}
	}
	return k.GuestNetworkManager.RemoveNetworkInterface(ctx, a)
}

func TestSuiteFailsControllerThatLeavesTheRefusedNICInTheAgent(t *testing.T) {
	b := lcow.UvmnetPair()
	sim := b.SimGuest
	b.SimGuest = func(g *conformance.SimGuest) netlcow.GuestNetworkManager {
		return &keepsRefusedNIC{GuestNetworkManager: sim(g)}
	}
	res := results(t, check(t, b))
	for _, conc := range []string{"c1", "c8"} {
		sc := res[conc+"/sandbox/hot-plug-into-running-pod/ns-on/2-endpoints"]
		assert.True(t, anyContains(sc.Failures, "the guest agent holds adapters", "make it forget"), "%s failures: %q", conc, sc.Failures)
		// The wire routes use netlcow's ready managers, not the planted
		// contract: they pass.
		assert.True(t, res["wire-conn/"+conc+"/sandbox/hot-plug-into-running-pod/ns-on/2-endpoints"].Passed(), conc)
	}
}

func TestSandboxScenariosRunForLinuxGuests(t *testing.T) {
	res := results(t, check(t, lcow.UvmnetPair()))
	for _, name := range []string{"c1", "c8", "wire-conn/c1", "wire-cs/c8"} {
		sc, ok := res[name+"/sandbox/hot-plug-into-running-pod/ns-on/2-endpoints"]
		if assert.True(t, ok, "%s: the sandbox scenario ran", name) {
			assert.True(t, sc.Passed(), "%s: %q", name, sc.Failures)
		}
	}
}
