package conformance

import (
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/uvmnet/uvmnet/netcore"
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

// Run runs every scenario against p, each as a subtest of t named
// "c<concurrency>/<scenario>", and reports every misbehaviour it finds as
// a test error.
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
		t.Run(sc.fullName(), func(t *testing.T) {
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

// scenario is one named check, run against one platform at one
// concurrency.
type scenario struct {
	name        string
	concurrency int
	run         func(r *reporter, p Platform)
}

// fullName is the scenario's subtest name: its concurrency, then its name.
func (sc scenario) fullName() string { return fmt.Sprintf("c%d/%s", sc.concurrency, sc.name) }

// maxEndpoints is the largest pod the matrix builds: with 3 endpoints the
// primary comes last in HCN order and two others must keep their order.
const maxEndpoints = 3

// Concurrencies are the values of netcore.Tuning.Concurrency every
// scenario runs at: 1, the strict one-call-at-a-time order, and 8, more
// than any pod here has NICs, so nothing waits for a slot and every call
// the option lets overlap can.
var Concurrencies = []int{1, 8}

// scenarios is the whole suite, once per concurrency: each check over the
// guest's namespace capability on and off and over 0 to 3 endpoints (1 to
// 3 for hot-plug, which removes one), then the lifecycle rules and the
// random sequences.
func (s Suite) scenarios(seed int64) []scenario {
	steps := s.RandomSteps
	if steps == 0 {
		steps = 300
	}
	var out []scenario
	for _, conc := range Concurrencies {
		add := func(name string, run func(r *reporter, p Platform)) {
			out = append(out, scenario{name: name, concurrency: conc, run: run})
		}
		for _, nsSupported := range []bool{true, false} {
			for n := 0; n <= maxEndpoints; n++ {
				m := matrixPoint{nsSupported: nsSupported, endpoints: n, concurrency: conc}
				add("contract/setup-teardown/"+m.String(), m.contractSetupTeardown)
				add("contract/migration/"+m.String(), m.contractMigration)
				add("state/setup-teardown/"+m.String(), m.stateSetupTeardown)
				add("faults/setup/"+m.String(), m.faultsInSetup)
				add("faults/teardown/"+m.String(), m.faultsInTeardown)
			}
			for n := 1; n <= maxEndpoints; n++ {
				m := matrixPoint{nsSupported: nsSupported, endpoints: n, concurrency: conc}
				add("contract/hot-plug/"+m.String(), m.contractHotPlug)
				add("state/hot-plug/"+m.String(), m.stateHotPlug)
			}
			m := matrixPoint{nsSupported: nsSupported, endpoints: 2, concurrency: conc}
			add("faults/reconcile/"+m.String(), m.faultsInHotPlug(opReconcile))
			add("faults/add-endpoint/"+m.String(), m.faultsInHotPlug(opAddEndpoint))
			add("faults/remove-endpoint/"+m.String(), m.faultsInHotPlug(opRemoveEndpoint))
		}
		add("contract/lifecycle-rules", matrixPoint{nsSupported: true, endpoints: 1, concurrency: conc}.contractLifecycleRules)
		for _, nsSupported := range []bool{true, false} {
			m := matrixPoint{nsSupported: nsSupported, endpoints: 2, concurrency: conc}
			add("random/"+m.capability(), func(r *reporter, p Platform) {
				randomSequences(r, p, m, seed, steps)
			})
		}
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
	return fmt.Sprintf("%s/%d-endpoints", m.capability(), m.endpoints)
}

// concurrent reports whether the controller may have several calls in
// flight, which relaxes the orders the scenarios check to those the option
// keeps.
func (m matrixPoint) concurrent() bool { return m.concurrency > 1 }

// tuning is the tuning of a controller of this cell: the suite's NIC ID
// generator (IDs marked with mark) and the cell's concurrency.
func (m matrixPoint) tuning(mark byte) netcore.Tuning {
	return netcore.Tuning{NewNICID: newNICIDs(mark).New, Concurrency: m.concurrency}
}
