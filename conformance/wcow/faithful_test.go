package wcow_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/conformance/wcow"
	"github.com/uvmnet/uvmnet/netcore"
)

// removesUnheld acts as a controller that asks the guest to let go of a
// NIC without knowing whether the guest ever took it: before each real
// removal it removes a NIC the guest never held.
type removesUnheld struct{ netcore.GuestSteps }

func (g removesUnheld) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	phantom := netcore.NICInfo{ID: "d1c00000-00ff-4000-8000-0000000000ff", Endpoint: nic.Endpoint}
	if err := g.GuestSteps.RemoveNIC(ctx, pod, phantom); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return g.GuestSteps.RemoveNIC(ctx, pod, nic)
}

// The Windows guest agent is closed source: whether it refuses the
// removal of a NIC it does not hold is unknown, so the suite runs both
// answers. A controller that depends on the tolerant one passes under it
// and fails under the strict one (its Teardown fails), which is
// why a controller must pass under both.
func TestSuiteRunsBothWindowsAnswers(t *testing.T) {
	match := regexp.MustCompile(`(^|/)c1/state/setup-teardown/ns-on/2-endpoints$`)
	nc := wcow.NetcoreOf()
	for _, b := range wcow.UvmnetPairs() {
		b.New = func(pod wcow.Pod) (conformance.Controller, error) {
			cfg := nc.Config(pod)
			cfg.Guest = removesUnheld{cfg.Guest}
			return nc.Build(cfg)
		}
		rep, err := b.Check(conformance.Suite{Seed: 1, Match: match})
		require.NoError(t, err)
		require.Len(t, rep.Results, 3, "%s: the interfaces and both wire routes", b.Name)
		for _, r := range rep.Results {
			if b.Name == "wcow" {
				assert.True(t, anyFailure(r, "Teardown", simworld.ErrRefused.Error(), "NIC removed without having been added"), "%s %s: %q", b.Name, r.Name(), r.Failures)
				continue
			}
			assert.Equal(t, "wcow-tolerant", b.Name)
			assert.True(t, r.Passed(), "%s %s: %q", b.Name, r.Name(), r.Failures)
		}
	}
}

// anyFailure reports whether one of r's failures says all of want.
func anyFailure(r conformance.Result, want ...string) bool {
	for _, f := range r.Failures {
		all := true
		for _, w := range want {
			all = all && strings.Contains(f, w)
		}
		if all {
			return true
		}
	}
	return false
}
