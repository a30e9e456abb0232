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
						if d := res.Divergence; d != nil && testing.Verbose() {
							t.Logf("the whole random sequence, %d steps:\n  %s", len(d.Trace), strings.Join(d.Trace, "\n  "))
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

// scenarios is the whole suite: the catalogue expanded, for each route
// (the interfaces, then each wire route when the binding has a wire side)
// and each concurrency, into every row's cells. Extensions rows join
// only with s.Extensions. Every scenario is listed whatever the binding
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
	rows := catalogue()
	var out []scenario
	for _, route := range routes {
		for _, conc := range concurrencies {
			needsAll := needsNothing
			if conc > 1 {
				needsAll = Capabilities{Concurrency: true, NICIDs: true}
			}
			for _, w := range rows {
				if w.profile == Extensions && !s.Extensions || !w.route.on(route) || !w.concs.has(conc) || w.only != nil && !w.only(b) {
					continue
				}
				for _, m := range w.cells {
					m.route, m.concurrency, m.seed, m.steps = route, conc, seed, steps
					body := w.body
					sc := scenario{name: w.scenarioName(m), route: route, concurrency: conc, profile: w.profile, needs: w.needs.with(needsAll),
						run: func(r *reporter, b binding) { body(m, r, b) }}
					full := sc.fullName()
					if (s.Match == nil || s.Match.MatchString(full)) && (s.Skip == nil || !s.Skip.MatchString(full)) {
						out = append(out, sc)
					}
				}
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
	// seed and steps are the random sequences' seed and length.
	seed  int64
	steps int
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
