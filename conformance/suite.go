package conformance

import (
	"fmt"
	"os"
	"regexp"
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
	// or the clock when that is unset; a $CONFORMANCE_SEED that is not a
	// non-zero integer is an error, never a silent fall-back to the clock,
	// so that a replay runs the sequence it was asked for.
	Seed int64
	// RandomSteps is the length of each random sequence; zero means 300.
	RandomSteps int
	// Match, when set, keeps only the scenarios whose full name (as
	// [Result.Name] spells it) it matches: what go test's -run does for
	// Run, for Check.
	Match *regexp.Regexp
	// Skip, when set, leaves out the scenarios whose full name it matches.
	Skip *regexp.Regexp
}

// Run runs every scenario against b, each as a subtest of t named
// "c<concurrency>/<scenario>" (or "<route>/c<concurrency>/<scenario>" on
// the wire), and reports every misbehaviour it finds as a test error.
func Run(t *testing.T, b Binding) { Suite{}.Run(t, b) }

// Check runs every scenario against b, without the testing package, and
// returns what each found. It fails only when the suite cannot run: a
// malformed $CONFORMANCE_SEED.
func Check(b Binding) (Report, error) { return Suite{}.Check(b) }

// Run is [Run] with s's settings.
func (s Suite) Run(t *testing.T, b Binding) {
	t.Helper()
	seed, err := s.seed()
	if err != nil {
		t.Fatal(err)
	}
	failed := false
	for _, sc := range s.scenarios(b, seed) {
		t.Run(sc.fullName(), func(t *testing.T) {
			res := runScenario(sc, b)
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
func (s Suite) Check(b Binding) (Report, error) {
	seed, err := s.seed()
	if err != nil {
		return Report{}, err
	}
	rep := Report{Binding: b.Name, Seed: seed}
	for _, sc := range s.scenarios(b, seed) {
		rep.Results = append(rep.Results, runScenario(sc, b))
	}
	return rep, nil
}

// seed picks the random-sequence seed: the configured one, the
// environment's, or the clock's.
func (s Suite) seed() (int64, error) {
	if s.Seed != 0 {
		return s.Seed, nil
	}
	v, set := os.LookupEnv(SeedEnv)
	if !set {
		return time.Now().UnixNano(), nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("conformance: $%s=%q is not a non-zero integer seed", SeedEnv, v)
	}
	return n, nil
}

// scenario is one named check, run against one platform at one
// concurrency.
type scenario struct {
	name string
	// route is the wire route of a wire-level scenario, "" otherwise.
	route       string
	concurrency int
	run         func(r *reporter, b Binding)
}

// fullName is the scenario's subtest name: its wire route if any, its
// concurrency, then its name.
func (sc scenario) fullName() string {
	if sc.route != "" {
		return fmt.Sprintf("%s/c%d/%s", sc.route, sc.concurrency, sc.name)
	}
	return fmt.Sprintf("c%d/%s", sc.concurrency, sc.name)
}

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
// 3 for hot-plug, which removes one), then the lifecycle rules, the
// reliability checks and the random sequences. When the binding has a
// wire side, the scenarios that run over the simulator (state, faults,
// reliability, random) run again on each wire route; the call-contract
// scenarios need gomock managers and run only through the interfaces.
func (s Suite) scenarios(b Binding, seed int64) []scenario {
	steps := s.RandomSteps
	if steps == 0 {
		steps = 300
	}
	routes := []string{""}
	if b.Wire != nil {
		routes = append(routes, RouteGuestConnection, RouteComputeSystem)
	}
	var out []scenario
	for _, route := range routes {
		wire := route != ""
		for _, conc := range Concurrencies {
			add := func(name string, run func(r *reporter, b Binding)) {
				sc := scenario{name: name, route: route, concurrency: conc, run: run}
				full := sc.fullName()
				if (s.Match == nil || s.Match.MatchString(full)) && (s.Skip == nil || !s.Skip.MatchString(full)) {
					out = append(out, sc)
				}
			}
			cell := func(nsSupported bool, endpoints int) matrixPoint {
				return matrixPoint{route: route, nsSupported: nsSupported, endpoints: endpoints, concurrency: conc}
			}
			for _, nsSupported := range []bool{true, false} {
				for n := 0; n <= maxEndpoints; n++ {
					m := cell(nsSupported, n)
					if !wire {
						add("contract/setup-teardown/"+m.String(), m.contractSetupTeardown)
						add("contract/migration/"+m.String(), m.contractMigration)
					}
					add("state/setup-teardown/"+m.String(), m.stateSetupTeardown)
					add("faults/setup/"+m.String(), m.faultsInSetup)
					add("faults/teardown/"+m.String(), m.faultsInTeardown)
				}
				for n := 1; n <= maxEndpoints; n++ {
					m := cell(nsSupported, n)
					if !wire {
						add("contract/hot-plug/"+m.String(), m.contractHotPlug)
					}
					add("state/hot-plug/"+m.String(), m.stateHotPlug)
				}
				m := cell(nsSupported, 2)
				add("faults/reconcile/"+m.String(), m.faultsInHotPlug(opReconcile))
				add("faults/add-endpoint/"+m.String(), m.faultsInHotPlug(opAddEndpoint))
				add("faults/remove-endpoint/"+m.String(), m.faultsInHotPlug(opRemoveEndpoint))
			}
			if !wire {
				add("contract/lifecycle-rules", cell(true, 1).contractLifecycleRules)
			}
			for n := 1; n <= maxEndpoints; n++ {
				for _, nsSupported := range []bool{true, false} {
					m := cell(nsSupported, n)
					add("faults/second/setup-teardown/"+m.String(), m.secondFaultsSetupTeardown)
					if n == 2 {
						add("faults/second/reconcile-rollback/"+m.String(), m.secondFaultsReconcileRollback)
					}
				}
			}
			reliabilityScenarios(route, conc, add)
			for _, nsSupported := range []bool{true, false} {
				m := cell(nsSupported, 2)
				add("random/"+m.capability(), func(r *reporter, b Binding) {
					randomSequences(r, b, m, seed, steps)
				})
			}
		}
	}
	return out
}

// matrixPoint is one cell of the scenario matrix.
type matrixPoint struct {
	// route is the wire route of a wire-level run, "" otherwise.
	route       string
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

// options are the options of a controller of this cell: the suite's NIC
// ID generator (IDs marked with mark) and the cell's concurrency.
func (m matrixPoint) options(mark byte) Options {
	return Options{NewNICID: newNICIDs(mark).New, Concurrency: max(m.concurrency, 1)}
}
