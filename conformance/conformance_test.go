package conformance_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

// TestCheckCoversEveryCallSite holds the suite to its promise: at every
// concurrency, every call Setup, Teardown, a hot-plug Reconcile,
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
	for _, p := range []conformance.Platform{lcow.Platform(), wcow.Platform()} {
		name := p.Name()
		var want []string
		in := func(op string, calls ...[]string) {
			for _, c := range slices.Concat(calls...) {
				want = append(want, op+" "+c)
			}
		}
		in("setup", reads, attach[name], namespace[name][:min(1, len(namespace[name]))])
		in("teardown", detach, namespace[name][min(1, len(namespace[name])):])
		in("reconcile", reads, attach[name], detach)
		in("add-endpoint", reads[:1], attach[name])
		in("remove-endpoint", detach)
		slices.Sort(want)

		rep := conformance.Suite{Seed: 7, RandomSteps: 20}.Check(p)
		assert.Zero(t, rep.Failed(), "%s", name)
		assert.Equal(t, want, rep.CallSites(), "%s", name)
		for _, conc := range conformance.Concurrencies {
			var got []string
			points := 0
			for _, res := range rep.Results {
				if res.Concurrency == conc {
					got = append(got, res.CallSites...)
					points += res.FaultPoints
				}
			}
			slices.Sort(got)
			assert.Equal(t, want, slices.Compact(got), "%s at concurrency %d", name, conc)
			assert.Greater(t, points, 100, "%s at concurrency %d", name, conc)
		}
	}
}
