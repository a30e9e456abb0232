package conformance

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Result is the outcome of one scenario on one platform.
type Result struct {
	Platform string
	Scenario string
	// Failures lists every misbehaviour found, in the order found.
	Failures []string
	// FaultPoints is how many injected faults the scenario exercised.
	FaultPoints int
	// CallSites names the manager call sites a fault was injected at.
	CallSites []string
	Duration  time.Duration
}

// Passed reports whether the scenario found nothing wrong.
func (r Result) Passed() bool { return len(r.Failures) == 0 }

// Report is the outcome of the suite on one platform.
type Report struct {
	Platform string
	// Seed is the seed of the random-sequence scenarios; a failure replays
	// with CONFORMANCE_SEED set to it.
	Seed    int64
	Results []Result
}

// Passed and Failed count scenarios.
func (r Report) Passed() int { return r.count(true) }

// Failed counts the scenarios that found a misbehaviour.
func (r Report) Failed() int { return r.count(false) }

func (r Report) count(passed bool) int {
	n := 0
	for _, res := range r.Results {
		if res.Passed() == passed {
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

// WriteTable prints the reports side by side: one row per scenario, one
// column per platform, each cell pass or FAIL with its fault points; then
// every failure in full; then the fault coverage; and last, alone on its
// line, "N passed, N failed" over every cell.
func WriteTable(w io.Writer, reports ...Report) error {
	var rows []string
	cells := map[string]map[string]Result{}
	for _, rep := range reports {
		for _, res := range rep.Results {
			if cells[res.Scenario] == nil {
				rows = append(rows, res.Scenario)
				cells[res.Scenario] = map[string]Result{}
			}
			cells[res.Scenario][rep.Platform] = res
		}
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "SCENARIO")
	for _, rep := range reports {
		fmt.Fprintf(tw, "\t%s", strings.ToUpper(rep.Platform))
	}
	fmt.Fprintln(tw)
	for _, row := range rows {
		fmt.Fprint(tw, row)
		for _, rep := range reports {
			res, ok := cells[row][rep.Platform]
			switch {
			case !ok:
				fmt.Fprint(tw, "\t-")
			case res.Passed():
				fmt.Fprintf(tw, "\tpass%s", faultsNote(res.FaultPoints))
			default:
				fmt.Fprintf(tw, "\tFAIL%s", faultsNote(res.FaultPoints))
			}
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	passed, failed := 0, 0
	for _, rep := range reports {
		passed += rep.Passed()
		failed += rep.Failed()
		for _, res := range rep.Results {
			if res.Passed() {
				continue
			}
			fmt.Fprintf(&b, "\nFAIL %s %s:\n", rep.Platform, res.Scenario)
			for _, f := range res.Failures {
				fmt.Fprintf(&b, "    %s\n", strings.ReplaceAll(f, "\n", "\n    "))
			}
		}
	}
	fmt.Fprintln(&b)
	for _, rep := range reports {
		fmt.Fprintf(&b, "%s: %d fault points at %d call sites: %s\n",
			rep.Platform, rep.FaultPoints(), len(rep.CallSites()), strings.Join(rep.CallSites(), ", "))
		if rep.Failed() > 0 {
			fmt.Fprintf(&b, "%s: random sequences used seed %d (replay: CONFORMANCE_SEED=%d)\n", rep.Platform, rep.Seed, rep.Seed)
		}
	}
	fmt.Fprintf(&b, "%d passed, %d failed\n", passed, failed)
	_, err := io.WriteString(w, b.String())
	return err
}

func faultsNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d faults)", n)
}
