package conformance

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
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

// row names the result in a table of columns: the scenario, after
// "extensions/" for the Extensions profile.
func (r Result) row() string {
	if r.Profile == Extensions {
		return "extensions/" + r.Scenario
	}
	return r.Scenario
}

// Passed reports whether the scenario ran and found nothing wrong.
func (r Result) Passed() bool {
	return len(r.Failures) == 0 && r.NotApplicable == "" && r.NotRun == ""
}

// Failed reports whether the scenario found a misbehaviour.
func (r Result) Failed() bool { return len(r.Failures) > 0 }

// outcome is the result in one word: "pass", "FAIL", "n/a" or "not-run".
func (r Result) outcome() string {
	switch {
	case r.Failed():
		return "FAIL"
	case r.NotRun != "":
		return "not-run"
	case r.NotApplicable != "":
		return "n/a"
	}
	return "pass"
}

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

// WriteMatrix prints the full matrix, the reports side by side: one row
// per scenario and profile, one column per platform, route and
// concurrency ("lcow/c1", "lcow/wire-conn/c8", ...), each cell pass, FAIL
// or n/a with its fault points; then the fault coverage, one row per call
// site with the faults injected there in each column, and one row per
// fault kind; then every failure in full, as [WriteSummary] ends. It is wide (a
// dozen columns); [WriteSummary] fits a terminal.
func WriteMatrix(w io.Writer, reports ...Report) error {
	var (
		rows, cols []string
		cells      = map[string]map[string]Result{}
		sites      = map[string]map[string]int{}
		siteRows   []string
		totals     = map[string]int{}
		kinds      = map[string]map[string]int{}
		kindRows   []string
	)
	for _, rep := range reports {
		for _, res := range rep.Results {
			col := res.Column()
			if !slices.Contains(cols, col) {
				cols = append(cols, col)
			}
			row := res.row()
			if cells[row] == nil {
				rows = append(rows, row)
				cells[row] = map[string]Result{}
			}
			cells[row][col] = res
			for site, n := range res.FaultSites {
				if sites[site] == nil {
					siteRows = append(siteRows, site)
					sites[site] = map[string]int{}
				}
				sites[site][col] += n
				totals[col] += n
			}
			for kind, n := range res.FaultKinds {
				if kinds[kind] == nil {
					kindRows = append(kindRows, kind)
					kinds[kind] = map[string]int{}
				}
				kinds[kind][col] += n
			}
		}
	}
	slices.SortStableFunc(siteRows, compareSites)

	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	header := func(first string) {
		fmt.Fprint(tw, first)
		for _, col := range cols {
			fmt.Fprintf(tw, "\t%s", strings.ToUpper(col))
		}
		fmt.Fprintln(tw)
	}
	header("SCENARIO")
	for _, row := range rows {
		fmt.Fprint(tw, row)
		for _, col := range cols {
			res, ok := cells[row][col]
			switch {
			case !ok:
				fmt.Fprint(tw, "\t-")
			default:
				fmt.Fprintf(tw, "\t%s%s", res.outcome(), faultsNote(res.FaultPoints))
			}
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if len(siteRows) > 0 {
		fmt.Fprintln(&b)
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		header("FAULTS INJECTED AT")
		for _, site := range siteRows {
			fmt.Fprint(tw, site)
			for _, col := range cols {
				if n := sites[site][col]; n > 0 {
					fmt.Fprintf(tw, "\t%d", n)
				} else {
					fmt.Fprint(tw, "\t-")
				}
			}
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "all %d call sites", len(siteRows))
		for _, col := range cols {
			fmt.Fprintf(tw, "\t%d", totals[col])
		}
		fmt.Fprintln(tw)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(kindRows) > 0 {
		slices.Sort(kindRows)
		fmt.Fprintln(&b)
		tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		header("FAULTS OF KIND")
		for _, kind := range kindRows {
			fmt.Fprint(tw, kind)
			for _, col := range cols {
				if n := kinds[kind][col]; n > 0 {
					fmt.Fprintf(tw, "\t%d", n)
				} else {
					fmt.Fprint(tw, "\t-")
				}
			}
			fmt.Fprintln(tw)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	writeFailures(&b, reports)
	_, err := io.WriteString(w, b.String())
	return err
}

// siteOrder orders the fault table by operation, in lifecycle order, then
// by call.
var siteOrder = []string{"setup", "teardown", opReconcile, opAddEndpoint, opRemoveEndpoint}

func compareSites(a, b string) int {
	opA, callA, _ := strings.Cut(a, " ")
	opB, callB, _ := strings.Cut(b, " ")
	ia, ib := slices.Index(siteOrder, opA), slices.Index(siteOrder, opB)
	if ia < 0 {
		ia = len(siteOrder)
	}
	if ib < 0 {
		ib = len(siteOrder)
	}
	if ia != ib {
		return ia - ib
	}
	if opA != opB {
		return strings.Compare(opA, opB)
	}
	return strings.Compare(callA, callB)
}

func faultsNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d faults)", n)
}
