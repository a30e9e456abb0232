package conformance

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
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
	// Extensions adds the [Extensions] profile to the [Contract]: the
	// findings of uvmnet's own choices, reported apart.
	Extensions bool
}

// Run checks the controller subject builds on platform p against the
// [Contract] profile: every scenario as a subtest of t named
// "c<concurrency>/<scenario>" (or "<route>/c<concurrency>/<scenario>" on
// the wire; under "<run>/" when the platform has several agent answers),
// every misbehaviour a test error, and a scenario that does not apply to
// the subject skipped with the reason.
func Run[G any](t *testing.T, p Platform[G], subject Subject[G]) {
	t.Helper()
	Suite{}.Run(t, Bind(p, subject))
}

// Check runs the [Contract] profile's scenarios against the controller
// subject builds on platform p, without the testing package, and returns
// what each found: one [Report] per run (one per agent answer of the
// platform). It fails only when the suite cannot run: a malformed
// $CONFORMANCE_SEED.
func Check[G any](p Platform[G], subject Subject[G]) ([]Report, error) {
	return Suite{}.Check(Bind(p, subject))
}

// Run is [Run] with s's settings.
func (s Suite) Run(t *testing.T, b Binding) {
	t.Helper()
	seed, err := s.seed()
	if err != nil {
		t.Fatal(err)
	}
	h := &hang{}
	failed := false
	for _, bd := range b.runs {
		run := func(t *testing.T) {
			for _, sc := range s.scenarios(bd, seed) {
				t.Run(sc.fullName(), func(t *testing.T) {
					results := h.run(sc, bd, s.Extensions)
					for _, res := range results {
						for _, f := range res.Failures {
							if res.Profile != sc.profile {
								f = "[" + res.Profile.String() + "] " + f
							}
							t.Error(f)
						}
						failed = failed || res.Failed()
					}
					if why := results[0].NotRun; why != "" {
						t.Skip("not run: " + why)
					}
					if why := results[0].NotApplicable; why != "" {
						t.Skip("not applicable: " + why)
					}
				})
			}
		}
		if len(b.runs) == 1 {
			run(t)
		} else {
			t.Run(bd.Name, run)
		}
	}
	if h.stuck != "" {
		t.Errorf("the run stopped at its first hang, %s: %d scenarios not run", h.stuck, h.notRun)
	}
	if failed {
		t.Logf("random sequences used seed %d; replay with %s=%d", seed, SeedEnv, seed)
	}
}

// Check is [Check] with s's settings.
func (s Suite) Check(b Binding) ([]Report, error) {
	seed, err := s.seed()
	if err != nil {
		return nil, err
	}
	h := &hang{}
	var reps []Report
	for _, bd := range b.runs {
		rep := Report{Binding: bd.Name, Seed: seed}
		for _, sc := range s.scenarios(bd, seed) {
			rep.Results = append(rep.Results, h.run(sc, bd, s.Extensions)...)
		}
		reps = append(reps, rep)
	}
	return reps, nil
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
	// profile is the profile the scenario's findings belong to, unless a
	// check says otherwise (reporter.Extf).
	profile Profile
	// needs is what the controller must declare for the scenario to apply.
	needs Capabilities
	run   func(r *reporter, b binding)
}

// fullName is the scenario's subtest name: "extensions/" for an
// Extensions scenario, its wire route if any, its concurrency, then its
// name.
func (sc scenario) fullName() string {
	name := fmt.Sprintf("c%d/%s", sc.concurrency, sc.name)
	if sc.route != "" {
		name = sc.route + "/" + name
	}
	if sc.profile == Extensions {
		name = "extensions/" + name
	}
	return name
}

// notApplicable says why sc does not apply to b: the capabilities it
// needs that b does not declare. "" means it applies.
func (sc scenario) notApplicable(b binding) string {
	have := b.Capabilities
	var missing []string
	for _, c := range []struct {
		need, have bool
		name       string
	}{
		{sc.needs.HotPlug, have.HotPlug, "HotPlug"},
		{sc.needs.Migration, have.Migration, "Migration"},
		{sc.needs.NICIDs, have.NICIDs, "NICIDs"},
		{sc.needs.Concurrency, have.Concurrency, "Concurrency"},
		{sc.needs.Observer, have.Observer, "Observer"},
	} {
		if c.need && !c.have {
			missing = append(missing, "Capabilities."+c.name)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return "needs " + strings.Join(missing, ", ")
}

// maxEndpoints is the largest pod the matrix builds: with 3 endpoints the
// primary comes last in HCN order and two others must keep their order.
const maxEndpoints = 3

// concurrencies are the values of Options.Concurrency every scenario runs
// at: 1, one call at a time, and 8, more than any pod here has NICs, so
// nothing waits for a slot and every call the option lets overlap can.
// Scenarios above 1 need Capabilities.Concurrency and NICIDs: with calls
// in flight at once, faults are aimed at a call by its NIC.
var concurrencies = []int{1, 8}

// Capability sets the scenarios need.
var (
	needsNothing   = Capabilities{}
	needsHotPlug   = Capabilities{HotPlug: true}
	needsMigration = Capabilities{Migration: true}
	needsNICIDs    = Capabilities{NICIDs: true}
)

// with is c joined with more.
func (c Capabilities) with(more Capabilities) Capabilities {
	return Capabilities{
		HotPlug:     c.HotPlug || more.HotPlug,
		Migration:   c.Migration || more.Migration,
		NICIDs:      c.NICIDs || more.NICIDs,
		Concurrency: c.Concurrency || more.Concurrency,
		Observer:    c.Observer || more.Observer,
	}
}

// scenarios is the whole suite, once per concurrency: each check over the
// guest's namespace capability on and off and over 0 to 3 endpoints (1 to
// 3 for hot-plug, which removes one), then the lifecycle rules, the
// reliability checks and the random sequences; with Extensions, the
// call-contract scenarios again at concurrency 1 in the one strict order.
// When the binding has a wire side, the scenarios that run over the
// simulator (state, faults, reliability, random) run again on each wire
// route; the call-contract scenarios need gomock managers and run only
// through the interfaces. Every scenario is listed whatever the binding
// declares; one that needs more is reported as not applicable.
func (s Suite) scenarios(b binding, seed int64) []scenario {
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
		for _, conc := range concurrencies {
			needsAll := needsNothing
			if conc > 1 {
				needsAll = Capabilities{Concurrency: true, NICIDs: true}
			}
			register := func(profile Profile, name string, needs Capabilities, run func(r *reporter, b binding)) {
				sc := scenario{name: name, route: route, concurrency: conc, profile: profile, needs: needs.with(needsAll), run: run}
				full := sc.fullName()
				if (s.Match == nil || s.Match.MatchString(full)) && (s.Skip == nil || !s.Skip.MatchString(full)) {
					out = append(out, sc)
				}
			}
			add := func(name string, needs Capabilities, run func(r *reporter, b binding)) {
				register(Contract, name, needs, run)
			}
			// uvmnet's own promises, checked with Extensions only.
			ext := func(name string, needs Capabilities, run func(r *reporter, b binding)) {
				if s.Extensions {
					register(Extensions, name, needs, run)
				}
			}
			// uvmnet's one order is stated over NIC IDs that increase in
			// attach order (an imported controller's NICs come in ID
			// order), so it needs the suite's.
			strict := func(name string, needs Capabilities, run func(r *reporter, b binding)) {
				if s.Extensions && !wire && conc == 1 {
					register(Extensions, name, needs, run)
				}
			}
			cell := func(nsSupported bool, endpoints int) matrixPoint {
				return matrixPoint{route: route, nsSupported: nsSupported, endpoints: endpoints, concurrency: conc}
			}
			for _, nsSupported := range []bool{true, false} {
				for n := 0; n <= maxEndpoints; n++ {
					m := cell(nsSupported, n)
					if !wire {
						add("contract/setup-teardown/"+m.String(), needsNothing, m.contractSetupTeardown)
						add("contract/migration/"+m.String(), needsMigration, m.contractMigration)
						strict("strict-order/setup-teardown/"+m.String(), needsNICIDs, m.strictOrder().contractSetupTeardown)
						strict("strict-order/migration/"+m.String(), needsNICIDs.with(needsMigration), m.strictOrder().contractMigration)
					}
					add("state/setup-teardown/"+m.String(), needsNothing, m.stateSetupTeardown)
					add("faults/setup/"+m.String(), needsNothing, m.faultsInSetup)
					add("faults/teardown/"+m.String(), needsNothing, m.faultsInTeardown)
				}
				for n := 1; n <= maxEndpoints; n++ {
					m := cell(nsSupported, n)
					if !wire {
						add("contract/hot-plug/"+m.String(), needsHotPlug, m.contractHotPlug)
						strict("strict-order/hot-plug/"+m.String(), needsNICIDs.with(needsHotPlug), m.strictOrder().contractHotPlug)
					}
					add("state/hot-plug/"+m.String(), needsHotPlug, m.stateHotPlug)
				}
				m := cell(nsSupported, 2)
				add("faults/reconcile/"+m.String(), needsHotPlug, m.faultsInHotPlug(opReconcile))
				add("faults/add-endpoint/"+m.String(), needsHotPlug, m.faultsInHotPlug(opAddEndpoint))
				add("faults/remove-endpoint/"+m.String(), needsHotPlug, m.faultsInHotPlug(opRemoveEndpoint))
			}
			if !wire {
				m := cell(true, 1)
				add("contract/lifecycle-rules", needsNothing, m.contractLifecycleRules(rulesCore))
				add("contract/lifecycle-rules/hot-plug", needsHotPlug, m.contractLifecycleRules(rulesHotPlug))
				add("contract/lifecycle-rules/migration", needsMigration, m.contractLifecycleRules(rulesMigration))
			}
			for n := 1; n <= maxEndpoints; n++ {
				for _, nsSupported := range []bool{true, false} {
					m := cell(nsSupported, n)
					add("faults/second/setup-teardown/"+m.String(), needsNothing, m.secondFaultsSetupTeardown)
					if n == 2 {
						add("faults/second/reconcile-rollback/"+m.String(), needsHotPlug.with(needsNICIDs), m.secondFaultsReconcileRollback)
					}
				}
			}
			reliabilityScenarios(route, conc, add, ext)
			blindSpotScenarios(route, conc, add, ext)
			wireGoneScenarios(route, conc, add)
			for _, nsSupported := range []bool{true, false} {
				m := cell(nsSupported, 2)
				add("random/"+m.capability(), needsNothing, func(r *reporter, b binding) {
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
	// concurrency is the controller's Options.Concurrency; 0 means 1.
	concurrency int
	// strict asks the call-contract scenarios for uvmnet's one order at
	// concurrency 1: every call after the one before, and no HCN read
	// the lifecycle does not need.
	strict bool
}

// strictOrder is m for the Extensions profile's strict call order.
func (m matrixPoint) strictOrder() matrixPoint {
	m.strict = true
	return m
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
