package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/conformance"
)

// grid is the reports side by side: a row per scenario and profile, a
// column per platform, route and concurrency, in the order the suite ran
// them. The matrix and the HTML page both print it.
type grid struct {
	rows, cols []string
	cells      map[string]map[string]conformance.Result
}

func newGrid(reports []conformance.Report) grid {
	g := grid{cells: map[string]map[string]conformance.Result{}}
	for _, rep := range reports {
		for _, res := range rep.Results {
			col := res.Column()
			if !slices.Contains(g.cols, col) {
				g.cols = append(g.cols, col)
			}
			row := rowName(res)
			if g.cells[row] == nil {
				g.rows = append(g.rows, row)
				g.cells[row] = map[string]conformance.Result{}
			}
			g.cells[row][col] = res
		}
	}
	return g
}

// rowName names the result in a table of columns: the scenario, after
// "extensions/" for the Extensions profile.
func rowName(r conformance.Result) string {
	if r.Profile == conformance.Extensions {
		return "extensions/" + r.Scenario
	}
	return r.Scenario
}

// outcome is the result in one word: "pass", "FAIL", "n/a" or "not-run".
func outcome(r conformance.Result) string {
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

// failing lists every failed result of the reports, in the order run.
func failing(reports []conformance.Report) []conformance.Result {
	var out []conformance.Result
	for _, rep := range reports {
		for _, res := range rep.Results {
			if res.Failed() {
				out = append(out, res)
			}
		}
	}
	return out
}

// cellID is the anchor of a result's cell: its binding and full name,
// which no two results share, with what a fragment would mangle replaced.
func cellID(r conformance.Result) string {
	return "cell-" + strings.NewReplacer("/", "-", " ", "-").Replace(r.Binding+"/"+r.Name())
}

// maxFindingLines bounds one finding as the summary and the page's list
// show it; a longer one (many follow-ons) is cut with a note. A random
// sequence's finding has room for its seed, step and tail besides.
const maxFindingLines = 12

// bounded returns the first lines of one of r's findings, at most
// maxFindingLines of them (more for a random sequence's), and says how
// many it left out.
func bounded(r conformance.Result, text string) (lines []string, omitted int) {
	limit := maxFindingLines
	if r.Divergence != nil {
		limit += conformance.DivergenceTail + 3
	}
	lines = strings.Split(text, "\n")
	if len(lines) <= limit {
		return lines, 0
	}
	return lines[:limit], len(lines) - limit
}

// headline is a failure's first line: for a random sequence, the
// finding and the operation that diverged.
func headline(r conformance.Result) string {
	if d := r.Divergence; d != nil {
		first, _, _ := strings.Cut(d.Finding, "\n")
		return fmt.Sprintf("%s (random sequence, seed %d, step %d: %s)", first, d.Seed, d.Step, d.Op)
	}
	first, _, _ := strings.Cut(r.Failures[0], "\n")
	return first
}

// tally counts the results of one scenario family and profile.
type tally struct {
	family             string
	profile            conformance.Profile
	passed, failed, na int
	notRun             int
	// failures are the family's failed results, in the order run.
	failures []conformance.Result
}

// tallies counts rep's results per family and profile, in the order the
// families first appear, contract before extensions.
func tallies(rep conformance.Report) []tally {
	var out []tally
	index := map[string]int{}
	for _, p := range []conformance.Profile{conformance.Contract, conformance.Extensions} {
		for _, res := range rep.Results {
			if res.Profile != p {
				continue
			}
			key := p.String() + " " + family(res.Scenario)
			i, ok := index[key]
			if !ok {
				i = len(out)
				index[key] = i
				out = append(out, tally{family: family(res.Scenario), profile: p})
			}
			switch {
			case res.Failed():
				out[i].failed++
				out[i].failures = append(out[i].failures, res)
			case res.NotRun != "":
				out[i].notRun++
			case res.NotApplicable != "":
				out[i].na++
			default:
				out[i].passed++
			}
		}
	}
	return out
}

// matrixSegment is a trailing segment of a scenario name that names its
// cell, not its family.
var matrixSegment = regexp.MustCompile(`^(ns-on|ns-off|\d+-endpoints)$`)

// family is the first two segments of a scenario's name, never its cell:
// "faults/setup" for "faults/setup/ns-on/2-endpoints", "faults/second"
// for "faults/second/setup-teardown/ns-on/1-endpoints".
func family(scenario string) string {
	parts := strings.Split(scenario, "/")
	for len(parts) > 1 && matrixSegment.MatchString(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts[:min(2, len(parts))], "/")
}
