package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/uvmnet/uvmnet/conformance"
)

// summaryWidth is the width the summary fits: a terminal's.
const summaryWidth = 100

// maxAlsoLines bounds the list of a family's other failing cells.
const maxAlsoLines = 3

// writeSummary prints what a terminal shows of the reports, within 100
// columns: one row per binding, scenario family and profile with how many
// results passed, failed and were not applicable; then, failures first
// in the order they ran, each failing family once: its first failure
// (bounded: a random sequence as its seed, failing step and the few steps
// before it) and the names of its other failing cells; then the seed to
// replay a failing report's random sequences; and last, alone on its
// line, "N passed, N failed, N not applicable". writeMatrix prints every
// failure.
func writeSummary(w io.Writer, reports ...conformance.Report) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	// A NOT RUN column only after a hang, so that a healthy run's table
	// stays as narrow as it was.
	hung := false
	for _, rep := range reports {
		hung = hung || rep.NotRun() > 0
	}
	if hung {
		fmt.Fprintln(tw, "BINDING\tFAMILY\tPROFILE\tPASSED\tFAILED\tN/A\tNOT RUN")
	} else {
		fmt.Fprintln(tw, "BINDING\tFAMILY\tPROFILE\tPASSED\tFAILED\tN/A")
	}
	var families []tally
	for _, rep := range reports {
		for _, t := range tallies(rep) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d", rep.Binding, t.family, t.profile, t.passed, t.failed, t.na)
			if hung {
				fmt.Fprintf(tw, "\t%d", t.notRun)
			}
			fmt.Fprintln(tw)
			if t.failed > 0 {
				families = append(families, t)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, t := range families {
		first := t.failures[0]
		fmt.Fprintf(&b, "\nFAIL [%s] %s %s: %d failed\n", t.profile, first.Binding, t.family, t.failed)
		fmt.Fprintf(&b, "%s\n", wrap(first.Name()+":", "  ", summaryWidth))
		writeFinding(&b, first)
		if len(t.failures) > 1 {
			var names []string
			for _, res := range t.failures[1:] {
				names = append(names, res.Name())
			}
			fmt.Fprintln(&b, alsoFailed(names))
		}
	}
	writeTotals(&b, reports)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFinding prints a result's failures, indented and wrapped, each
// bounded to maxFindingLines of its own lines.
func writeFinding(b *strings.Builder, res conformance.Result) {
	for _, f := range res.Failures {
		lines, omitted := bounded(res, f)
		fmt.Fprintln(b, wrap(strings.Join(lines, "\n"), "    ", summaryWidth))
		if omitted > 0 {
			fmt.Fprintf(b, "    ... %d more lines (-matrix or -html shows them)\n", omitted)
		}
	}
}

// alsoFailed lists the other failing cells of a family, packed into
// lines of the summary's width, at most maxAlsoLines of them and then how
// many were left out.
func alsoFailed(names []string) string {
	const indent = "    "
	lines := []string{indent + "also failed:"}
	for i, name := range names {
		last := &lines[len(lines)-1]
		switch {
		case len(*last)+1+len(name)+1 <= summaryWidth:
			*last += " " + name + ","
		case len(lines) == maxAlsoLines:
			lines = append(lines, fmt.Sprintf("%s... and %d more (-matrix lists every failure)", indent, len(names)-i))
			return strings.Join(lines, "\n")
		default:
			lines = append(lines, indent+name+",")
		}
	}
	return strings.TrimSuffix(strings.Join(lines, "\n"), ",")
}

// writeTotals ends a report: the seed to replay a failing report's random
// sequences, the hang that stopped a report, and, alone on the last line,
// "N passed, N failed, N not applicable" over every result (", N not run"
// after a hang).
func writeTotals(b *strings.Builder, reports []conformance.Report) {
	passed, failed, na := 0, 0, 0
	for _, rep := range reports {
		passed += rep.Passed()
		failed += rep.Failed()
		na += rep.NotApplicable()
	}
	b.WriteString("\n")
	notRun := 0
	for _, rep := range reports {
		if rep.Failed() > 0 {
			fmt.Fprintf(b, "%s: random sequences used seed %d (replay: %s=%d)\n", rep.Binding, rep.Seed, conformance.SeedEnv, rep.Seed)
		}
		if n := rep.NotRun(); n > 0 {
			notRun += n
			for _, res := range rep.Results {
				if res.NotRun != "" {
					fmt.Fprintln(b, wrap(fmt.Sprintf("%s: %d scenarios not run: %s", rep.Binding, n, res.NotRun), "    ", summaryWidth))
					break
				}
			}
		}
	}
	if notRun > 0 {
		fmt.Fprintf(b, "%d passed, %d failed, %d not applicable, %d not run\n", passed, failed, na, notRun)
		return
	}
	fmt.Fprintf(b, "%d passed, %d failed, %d not applicable\n", passed, failed, na)
}

// wrap breaks text into lines of at most width columns, each after
// indent, at spaces where it can and mid-word where a word is longer
// than a line.
func wrap(text, indent string, width int) string {
	var out []string
	room := width - len(indent)
	for _, line := range strings.Split(text, "\n") {
		for len(line) > room {
			cut := strings.LastIndexByte(line[:room+1], ' ')
			if cut <= 0 {
				cut = room
			}
			out = append(out, indent+strings.TrimRight(line[:cut], " "))
			line = strings.TrimLeft(line[cut:], " ")
		}
		out = append(out, indent+line)
	}
	return strings.Join(out, "\n")
}
