package conformance

import (
	"fmt"
	"slices"
	"time"
)

// Result is the outcome of one scenario on one platform at one
// concurrency.
type Result struct {
	// Binding is the name of the binding the scenario ran against.
	Binding string
	// Route is "" for the scenarios run through the manager interfaces
	// (gomock managers and the simulator's), or the wire route the
	// scenario's documents travelled: [RouteGuestConnection] or
	// [RouteComputeSystem].
	Route string
	// Concurrency is the controllers' Options.Concurrency.
	Concurrency int
	// Scenario names the scenario, the same at every concurrency.
	Scenario string
	// Profile is the profile the result's findings belong to. A contract
	// scenario that also checks uvmnet's extensions has two results, one
	// per profile.
	Profile Profile
	// Failures lists every misbehaviour found, in the order found.
	Failures []string
	// NotApplicable, when set, says why the scenario did not run against
	// this binding: a capability it needs is not declared, or there was
	// nothing to check (a fault matrix over an operation that makes no
	// call). Such a result neither passed nor failed.
	NotApplicable string
	// NotRun, when set, says why the scenario was not run at all: an
	// earlier scenario of the binding hung. Such a result neither passed
	// nor failed.
	NotRun string
	// FaultPoints is how many injected faults the scenario exercised.
	FaultPoints int
	// CallSites names, sorted, the call sites a fault was injected at: the
	// operation, then the manager call ("reconcile vm.AddNIC").
	CallSites []string
	// FaultSites counts the faults injected at each call site.
	FaultSites map[string]int
	// FaultKinds counts the faults injected of each kind ("error",
	// "panic", ...; a second fault after a first: "error+error").
	FaultKinds map[string]int
	// Divergence, for a random sequence that parted from the model, says
	// where: seed, failing step and the whole trace. Its finding (with a
	// short tail of the trace) is also in Failures.
	Divergence *Divergence
	// Duration is how long the scenario took, cleanups included.
	Duration time.Duration
}

// Column names the report column of the result: platform, wire route if
// any, and concurrency ("lcow/c1", "lcow/wire-conn/c8").
func (r Result) Column() string {
	if r.Route != "" {
		return fmt.Sprintf("%s/%s/c%d", r.Binding, r.Route, r.Concurrency)
	}
	return fmt.Sprintf("%s/c%d", r.Binding, r.Concurrency)
}

// Name names the result: the wire route if any, the concurrency, then
// the scenario ("c1/state/setup-teardown/ns-on/2-endpoints",
// "wire-cs/c8/faults/setup/ns-off/3-endpoints"), after "extensions/" for
// the Extensions profile. It is the scenario's subtest name under [Run].
func (r Result) Name() string {
	return scenario{name: r.Scenario, concurrency: r.Concurrency, route: r.Route, profile: r.Profile}.fullName()
}

// Passed reports whether the scenario ran and found nothing wrong.
func (r Result) Passed() bool {
	return len(r.Failures) == 0 && r.NotApplicable == "" && r.NotRun == ""
}

// Failed reports whether the scenario found a misbehaviour.
func (r Result) Failed() bool { return len(r.Failures) > 0 }

// Report is the outcome of the suite on one platform.
type Report struct {
	// Binding is the name of the binding the suite ran against.
	Binding string
	// Seed is the seed of the random-sequence scenarios; a failure replays
	// with CONFORMANCE_SEED set to it.
	Seed    int64
	Results []Result
}

// Passed counts the results that ran and found nothing wrong.
func (r Report) Passed() int { return r.count(Result.Passed) }

// Failed counts the results that found a misbehaviour.
func (r Report) Failed() int { return r.count(Result.Failed) }

// NotApplicable counts the results that did not apply to the binding.
func (r Report) NotApplicable() int {
	return r.count(func(res Result) bool { return res.NotApplicable != "" && !res.Failed() })
}

// NotRun counts the results left out after the binding's first hang.
func (r Report) NotRun() int {
	return r.count(func(res Result) bool { return res.NotRun != "" })
}

func (r Report) count(is func(Result) bool) int {
	n := 0
	for _, res := range r.Results {
		if is(res) {
			n++
		}
	}
	return n
}

// FaultPoints is the number of injected faults over all scenarios.
func (r Report) FaultPoints() int {
	n := 0
	for _, res := range r.Results {
		n += res.FaultPoints
	}
	return n
}

// CallSites lists, sorted, every manager call site a fault was injected at.
func (r Report) CallSites() []string {
	var sites []string
	for _, res := range r.Results {
		for _, s := range res.CallSites {
			if !slices.Contains(sites, s) {
				sites = append(sites, s)
			}
		}
	}
	slices.Sort(sites)
	return sites
}
