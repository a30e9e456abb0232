package conformance

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// SeedEnv names the environment variable that fixes the seed of the
// random-sequence scenarios, to replay a failure the report printed.
const SeedEnv = "CONFORMANCE_SEED"

// Suite is the conformance suite with its settings. The zero value is
// ready: Run and Check use it.
type Suite struct {
	// Seed seeds the random-sequence scenarios. Zero takes $CONFORMANCE_SEED,
	// or the clock when that is unset.
	Seed int64
	// RandomSteps is the length of each random sequence; zero means 300.
	RandomSteps int
}

// Run runs every scenario against p, each as a subtest of t, and reports
// every misbehaviour it finds as a test error.
func Run(t *testing.T, p Platform) { Suite{}.Run(t, p) }

// Check runs every scenario against p, without the testing package, and
// returns what each found.
func Check(p Platform) Report { return Suite{}.Check(p) }

// Run is [Run] with s's settings.
func (s Suite) Run(t *testing.T, p Platform) {
	t.Helper()
	seed := s.seed()
	failed := false
	for _, sc := range s.scenarios(seed) {
		t.Run(sc.name, func(t *testing.T) {
			res := runScenario(sc, p)
			for _, f := range res.Failures {
				t.Error(f)
			}
			failed = failed || !res.Passed()
		})
	}
	if failed {
		t.Logf("random sequences used seed %d; replay with %s=%d", seed, SeedEnv, seed)
	}
}

// Check is [Check] with s's settings.
func (s Suite) Check(p Platform) Report {
	seed := s.seed()
	rep := Report{Platform: p.Name(), Seed: seed}
	for _, sc := range s.scenarios(seed) {
		rep.Results = append(rep.Results, runScenario(sc, p))
	}
	return rep
}

// seed picks the random-sequence seed: the configured one, the
// environment's, or the clock's.
func (s Suite) seed() int64 {
	if s.Seed != 0 {
		return s.Seed
	}
	if v := os.Getenv(SeedEnv); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n != 0 {
			return n
		}
	}
	return time.Now().UnixNano()
}

// scenario is one named check, run against one platform.
type scenario struct {
	name string
	run  func(r *reporter, p Platform)
}

// maxEndpoints is the largest pod the matrix builds: with 3 endpoints the
// primary comes last in HCN order and two others must keep their order.
const maxEndpoints = 3

// concurrentCalls is the Tuning.Concurrency of the concurrent scenarios:
// more than any pod here has NICs, so nothing waits for a slot.
const concurrentCalls = 8

// scenarios is the whole suite: each check over the guest's namespace
// capability on and off and over 0 to 3 endpoints, then the lifecycle
// rules and the random sequences.
func (s Suite) scenarios(seed int64) []scenario {
	steps := s.RandomSteps
	if steps == 0 {
		steps = 300
	}
	var out []scenario
	for _, nsSupported := range []bool{true, false} {
		for n := 0; n <= maxEndpoints; n++ {
			m := matrixPoint{nsSupported: nsSupported, endpoints: n}
			out = append(out,
				scenario{"contract/setup-teardown/" + m.String(), m.contractSetupTeardown},
				scenario{"contract/migration/" + m.String(), m.contractMigration},
				scenario{"state/setup-teardown/" + m.String(), m.stateSetupTeardown},
				scenario{"faults/setup/" + m.String(), m.faultsInSetup},
				scenario{"faults/teardown/" + m.String(), m.faultsInTeardown},
			)
		}
		// The same with Concurrency 8: the calls and end states must not
		// change, only the order, and only where the option allows.
		for n := 2; n <= maxEndpoints; n++ {
			m := matrixPoint{nsSupported: nsSupported, endpoints: n, concurrency: concurrentCalls}
			out = append(out,
				scenario{"contract/setup-teardown/" + m.String(), m.contractSetupTeardown},
				scenario{"state/setup-teardown/" + m.String(), m.stateSetupTeardown},
				scenario{"faults/setup/" + m.String(), m.faultsInSetup},
				scenario{"faults/teardown/" + m.String(), m.faultsInTeardown},
			)
		}
		for _, conc := range []int{1, concurrentCalls} {
			m := matrixPoint{nsSupported: nsSupported, endpoints: 2, concurrency: conc}
			out = append(out,
				scenario{"state/hot-plug/" + m.String(), m.stateHotPlug},
				scenario{"faults/hot-plug/" + m.String(), m.faultsInHotPlug},
			)
		}
	}
	out = append(out, scenario{"contract/lifecycle-rules", contractLifecycleRules})
	for _, nsSupported := range []bool{true, false} {
		m := matrixPoint{nsSupported: nsSupported, endpoints: 2}
		out = append(out, scenario{"random/" + m.capability(), func(r *reporter, p Platform) {
			randomSequences(r, p, nsSupported, seed, steps)
		}})
	}
	return out
}

// matrixPoint is one cell of the scenario matrix.
type matrixPoint struct {
	nsSupported bool
	endpoints   int
	// concurrency is the controller's Tuning.Concurrency; 0 means 1.
	concurrency int
}

func (m matrixPoint) capability() string {
	if m.nsSupported {
		return "ns-on"
	}
	return "ns-off"
}

func (m matrixPoint) String() string {
	if m.concurrent() {
		return fmt.Sprintf("%s/%d-endpoints/concurrency-%d", m.capability(), m.endpoints, m.concurrency)
	}
	return fmt.Sprintf("%s/%d-endpoints", m.capability(), m.endpoints)
}

// concurrent reports whether the controller may have several calls in
// flight, which relaxes the orders the scenarios check to those the option
// keeps.
func (m matrixPoint) concurrent() bool { return m.concurrency > 1 }
