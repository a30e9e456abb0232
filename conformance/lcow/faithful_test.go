package lcow_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore"
)

// phantomNIC is a NIC ID no guest ever held.
const phantomNIC = "d1c00000-00ff-4000-8000-0000000000ff"

// removesUnheld acts as a controller that asks the guest to let go of a
// NIC without knowing whether the guest ever took it (as hcsshim's own
// controller does for a NIC whose guest add failed): before each real
// removal it removes a NIC the guest never held.
type removesUnheld struct{ netcore.GuestSteps }

func (g removesUnheld) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	if err := g.GuestSteps.RemoveNIC(ctx, pod, netcore.NICInfo{ID: phantomNIC, Endpoint: nic.Endpoint}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return g.GuestSteps.RemoveNIC(ctx, pod, nic)
}

// hcsshim v0.15.0's Linux guest agent answers the removal of an adapter
// it does not hold with success (internal/guest/runtime/hcsv2/network.go,
// RemoveAdapter), so such a controller leaks nothing and is stuck
// nowhere: the scenarios that judge the end state pass it, through the
// interfaces and on the wire. (The call-contract scenarios still see a
// call the contract does not ask for.)
func TestSuitePassesAControllerThatRemovesWhatTheGuestNeverHeld(t *testing.T) {
	b := lcow.UvmnetPair()
	nc := lcow.NetcoreOf()
	b.New = func(pod lcow.Pod) (conformance.Controller, error) {
		cfg := nc.Config(pod)
		cfg.Guest = removesUnheld{cfg.Guest}
		return nc.Build(cfg)
	}
	rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile(`(^|/)c[18]/(state/setup-teardown|faults/teardown)/ns-on/`)})
	require.NoError(t, err)
	require.Len(t, rep.Results, 3*2*2*4, "three columns, two concurrencies, two scenarios, 0 to 3 endpoints")
	for _, r := range rep.Results {
		assert.False(t, r.Failed(), "%s: %q", r.Name(), r.Failures)
	}
	assert.Equal(t, 3*2, rep.NotApplicable(), "only the Teardown fault matrices over 0 endpoints, with nothing to fault, do not apply")
}
