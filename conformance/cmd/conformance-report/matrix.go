package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/uvmnet/uvmnet/conformance"
)

// writeMatrix prints the full matrix, the reports side by side: one row
// per scenario and profile, one column per platform, route and
// concurrency ("lcow/c1", "lcow/wire-conn/c8", ...), each cell pass, FAIL
// or n/a with its fault points; then the fault coverage, one row per call
// site with the faults injected there in each column, and one row per
// fault kind; then every failure (a random sequence's as its seed,
// failing step and the steps before it) and the totals writeSummary ends
// with. It is wide (a dozen columns); writeSummary fits a terminal.
func writeMatrix(w io.Writer, reports ...conformance.Report) error {
	g := newGrid(reports)
	rows, cols, cells := g.rows, g.cols, g.cells
	var (
		sites    = map[string]map[string]int{}
		siteRows []string
		totals   = map[string]int{}
		kinds    = map[string]map[string]int{}
		kindRows []string
	)
	for _, rep := range reports {
		for _, res := range rep.Results {
			col := res.Column()
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
				fmt.Fprintf(tw, "\t%s%s", outcome(res), faultsNote(res.FaultPoints))
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
		countRows(tw, siteRows, sites, cols)
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
		countRows(tw, kindRows, kinds, cols)
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, res := range failing(reports) {
		fmt.Fprintf(&b, "\n%s\n", wrap(fmt.Sprintf("FAIL [%s] %s %s:", res.Profile, res.Binding, res.Name()), "", summaryWidth))
		for _, f := range res.Failures {
			fmt.Fprintln(&b, wrap(f, "    ", summaryWidth))
		}
	}
	writeTotals(&b, reports)
	_, err := io.WriteString(w, b.String())
	return err
}

// countRows prints one row per name with its count in each column, "-"
// for none: the fault tables' body.
func countRows(tw io.Writer, names []string, counts map[string]map[string]int, cols []string) {
	for _, name := range names {
		fmt.Fprint(tw, name)
		for _, col := range cols {
			if n := counts[name][col]; n > 0 {
				fmt.Fprintf(tw, "\t%d", n)
			} else {
				fmt.Fprint(tw, "\t-")
			}
		}
		fmt.Fprintln(tw)
	}
}

// siteOrder orders the fault table by operation, in lifecycle order, then
// by call.
var siteOrder = []string{"setup", "teardown", "reconcile", "add-endpoint", "remove-endpoint"}

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
