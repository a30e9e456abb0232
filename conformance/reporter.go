package conformance

import (
	"fmt"
	"maps"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"time"
)

// reporter collects one scenario's failures. It implements
// gomock.TestReporter (and TestHelper and the Cleanup hook gomock looks
// for), so mocks report into the same list as the suite's own checks.
// Fatalf ends only the scenario's goroutine: the other scenarios run on.
type reporter struct {
	mu sync.Mutex
	// profile is the scenario's: where Errorf (and gomock) report.
	profile  Profile
	findings map[Profile][]string
	// extChecked says the scenario ran an Extensions check, so that it has
	// an Extensions result even when that check passed.
	extChecked bool
	// na, when set, says why the scenario was not applicable.
	na          string
	cleanups    []func()
	faultPoints int
	callSites   map[string]int
	kinds       map[string]int
	// divergence is where the scenario's random sequence parted from the
	// model, if it did.
	divergence *Divergence
}

// Errorf records a finding against the scenario's profile. gomock's
// report of an expected call that never came is recorded as the contract
// step the controller skipped.
func (r *reporter) Errorf(format string, args ...any) {
	switch {
	case format == gomockMissingCall && len(args) == 1:
		r.record(r.profile, "%s", missingCallFinding(args[0]))
	case format == gomockAborting:
		// gomock's giving up (from a cleanup it reports with Errorf) says
		// nothing the missing calls did not.
	default:
		r.record(r.profile, format, args...)
	}
}

// What gomock's Controller.Finish reports: each expected call that never
// came, then that it gives up.
const (
	gomockMissingCall = "missing call(s) to %v"
	gomockAborting    = "aborting test due to missing call(s)"
)

func (r *reporter) record(p Profile, format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.findings == nil {
		r.findings = map[Profile][]string{}
	}
	r.findings[p] = append(r.findings[p], fmt.Sprintf(format, args...))
}

// Fatalf records the failure and stops the scenario. It must be called on
// the scenario's goroutine, which is where the controller calls the mocks.
func (r *reporter) Fatalf(format string, args ...any) {
	if format != gomockAborting {
		// gomock's giving up says nothing the missing calls did not.
		r.Errorf(format, args...)
	}
	runtime.Goexit()
}

// Helper is part of gomock.TestHelper; the suite's messages say where
// they come from, so there is no frame to skip.
func (r *reporter) Helper() {}

// Cleanup registers f to run when the scenario ends; gomock uses it to
// report expected calls that never came.
func (r *reporter) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

// countFault records one fault point exercised, at the call site named,
// with the fault (chain) injected there.
func (r *reporter) countFault(site string, f injection) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.faultPoints++
	if r.kinds == nil {
		r.kinds = map[string]int{}
	}
	r.kinds[f.kinds()]++
	if r.callSites == nil {
		r.callSites = map[string]int{}
	}
	r.callSites[site]++
}

// runScenario runs s against b on a goroutine of its own and returns what
// it found: the result of the scenario's profile and, when it ran
// Extensions checks too and extensions is set, an Extensions result; and,
// when it did not return within its bound, the call it is stuck in.
func runScenario(s scenario, b binding, extensions bool) (_ []Result, stuck string) {
	r := &reporter{profile: s.profile}
	start := time.Now()
	if why := s.notApplicable(b); why != "" {
		r.na = why
	} else {
		stuck = r.guard(scenarioTimeout, func() { s.run(r, b) })
	}
	// Cleanups run last-registered first, each guarded: one may Fatalf.
	// After a hang they are left: the scenario still runs, and what they
	// would report is the hang again.
	for i := len(r.cleanups) - 1; i >= 0 && stuck == ""; i-- {
		stuck = r.guard(scenarioTimeout, r.cleanups[i])
	}
	// A scenario abandoned at its timeout may still be writing.
	r.mu.Lock()
	defer r.mu.Unlock()
	res := Result{
		Binding:       b.Name,
		Route:         s.route,
		Concurrency:   s.concurrency,
		Scenario:      s.name,
		Profile:       s.profile,
		Failures:      fold(r.findings[s.profile]),
		NotApplicable: r.na,
		FaultPoints:   r.faultPoints,
		Divergence:    r.divergence,
		Duration:      time.Since(start),
	}
	if res.NotApplicable != "" && len(res.Failures) == 0 {
		// Nothing ran, or what ran found nothing: no fault counts.
		return []Result{res}, stuck
	}
	res.NotApplicable = ""
	res.FaultSites = maps.Clone(r.callSites)
	res.FaultKinds = maps.Clone(r.kinds)
	res.CallSites = slices.Sorted(maps.Keys(r.callSites))
	out := []Result{res}
	if extensions && s.profile == Contract && r.extChecked {
		ext := res
		ext.Profile = Extensions
		ext.Failures = fold(r.findings[Extensions])
		ext.FaultPoints, ext.FaultSites, ext.FaultKinds, ext.CallSites = 0, nil, nil, nil
		ext.Divergence = nil
		out = append(out, ext)
	}
	return out, stuck
}

// guard runs f on its own goroutine, turning a panic or a timeout into a
// failure, and returns when f ends or is abandoned; abandoned, it returns
// the call f is stuck in.
func (r *reporter) guard(timeout time.Duration, f func()) (stuck string) {
	done := make(chan struct{})
	id := make(chan string, 1)
	go func() {
		id <- goroutineID()
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				r.Errorf("%s", panicFinding(v, debug.Stack()))
			}
		}()
		f()
	}()
	select {
	case <-done:
		return ""
	case <-time.After(timeout):
		stuck = stuckCall(<-id)
		if stuck == "" {
			stuck = "stuck"
		}
		r.Errorf("did not finish within %s, %s (abandoned, and the rest of the binding with it)", timeout, stuck)
		return stuck
	}
}
