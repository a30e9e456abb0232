package conformance_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

// TestCheckCoversEveryCallSite holds the suite to its promise: at every
// concurrency and on every route, every call Setup, Teardown, a hot-plug Reconcile,
// AddEndpoint and RemoveEndpoint make on either platform is faulted
// somewhere.
func TestCheckCoversEveryCallSite(t *testing.T) {
	reads := []string{"host.GetEndpointByID", "host.GetNamespaceByID", "host.GetNamespaceEndpointIDs"}
	attach := map[string][]string{
		"lcow": {"vm.AddNIC", "guest.ConfigureNIC"},
		"wcow": {"guest.PrepareNIC", "vm.AddNIC", "guest.ConfigureNIC"},
	}
	detach := []string{"guest.RemoveNIC", "vm.RemoveNIC"}
	namespace := map[string][]string{
		"lcow": nil,
		"wcow": {"guest.AddNamespace", "guest.RemoveNamespace"},
	}
	checked := 0
	for _, b := range []conformance.Binding{
		conformance.Bind(lcow.Platform(), lcow.Uvmnet()),
		conformance.Bind(wcow.Platform(), wcow.Uvmnet()),
	} {
		// The reliability scenarios and the second-fault matrix hold
		// the controller to more than one fault per run; they have call
		// sites and outcomes of their own; the gone-shape matrix lists
		// its shapes per call site (gone_shapes_test.go).
		reps, err := conformance.Suite{Seed: 7, RandomSteps: 20, Skip: regexp.MustCompile(`/(reliability|faults/second|faults/gone-shapes)/`)}.Check(b)
		require.NoError(t, err)
		for _, rep := range reps {
			checkCallSites(t, rep, reads, attach, detach, namespace)
			checked++
		}
	}
	assert.Equal(t, 3, checked, "lcow, and wcow under each agent answer")
}

func checkCallSites(t *testing.T, rep conformance.Report, reads []string, attach map[string][]string, detach []string, namespace map[string][]string) {
	t.Helper()
	{
		name, _, _ := strings.Cut(rep.Binding, "-")
		var want []string
		in := func(op string, calls ...[]string) {
			for _, c := range slices.Concat(calls...) {
				want = append(want, op+" "+c)
			}
		}
		in("setup", reads, attach[name], namespace[name][:min(1, len(namespace[name]))])
		in("teardown", detach, namespace[name][min(1, len(namespace[name])):])
		in("reconcile", reads, attach[name], detach)
		in("add-endpoint", reads[:1], reads[2:], attach[name])
		in("remove-endpoint", detach)
		slices.Sort(want)
		assert.Zero(t, rep.Failed(), "%s", name)
		assert.Equal(t, want, rep.CallSites(), "%s", name)
		// Every column (each route at each concurrency) faults every site.
		columns := map[string][]string{}
		points := map[string]int{}
		for _, res := range rep.Results {
			columns[res.Column()] = append(columns[res.Column()], res.CallSites...)
			points[res.Column()] += res.FaultPoints
		}
		assert.Len(t, columns, 3*2, "%s: the interfaces and two wire routes at each concurrency", name)
		for col, got := range columns {
			slices.Sort(got)
			assert.Equal(t, want, slices.Compact(got), "%s", col)
			assert.Greater(t, points[col], 100, "%s", col)
		}
	}
}

// TestMalformedSeedIsAnError: a replay asked for by $CONFORMANCE_SEED must
// run that sequence or fail, never fall back to the clock.
func TestMalformedSeedIsAnError(t *testing.T) {
	for _, v := range []string{"abc", "0", "12x", ""} {
		t.Setenv(conformance.SeedEnv, v)
		_, err := conformance.Suite{Match: regexp.MustCompile(`^c1/random/ns-on$`)}.Check(conformance.Bind(lcow.Platform(), lcow.Uvmnet()))
		if assert.Error(t, err, "%s=%q", conformance.SeedEnv, v) {
			assert.Contains(t, err.Error(), conformance.SeedEnv+"=\""+v+"\"")
		}
	}
	t.Setenv(conformance.SeedEnv, "17")
	reps, err := conformance.Suite{Match: regexp.MustCompile(`^c1/random/ns-on$`)}.Check(conformance.Bind(lcow.Platform(), lcow.Uvmnet()))
	require.NoError(t, err)
	require.Len(t, reps, 1)
	assert.Equal(t, int64(17), reps[0].Seed)
}
