package lcow_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
)

// FuzzRandomSequences drives the suite's random sequences (Setup,
// Teardown, Save, migration, Resume, HCN changes, hot-plug, injected
// errors and cancellations) over the simulator with fuzzed seeds, lengths,
// concurrency and route, and holds every step to the reference model:
// the state, which endpoints the VM carries, no misuse of the world, and,
// after every successful Teardown and the final one, nothing left
// attached. The committed corpus (testdata/fuzz) covers each route and
// concurrency.
func FuzzRandomSequences(f *testing.F) {
	f.Add(int64(1), uint16(120), false, uint8(0))
	f.Fuzz(func(t *testing.T, seed int64, steps uint16, concurrent bool, route uint8) {
		if seed == 0 {
			seed = 1 // zero would mean "take the seed from the environment"
		}
		prefix := []string{"", conformance.RouteGuestConnection + "/", conformance.RouteComputeSystem + "/"}[route%3]
		conc := 1 // the suite's concurrencies: one call at a time, or 8
		if concurrent {
			conc = 8
		}
		match := regexp.MustCompile(fmt.Sprintf("^%sc%d/random/", regexp.QuoteMeta(prefix), conc))
		rep, err := lcow.UvmnetPair().Check(conformance.Suite{Seed: seed, RandomSteps: int(steps%200) + 1, Match: match})
		require.NoError(t, err)
		require.Len(t, rep.Results, 2, "%s selects the two random scenarios", match)
		for _, r := range rep.Results {
			assert.Empty(t, r.Failures, r.Name())
		}
	})
}
