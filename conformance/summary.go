package conformance

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"text/tabwriter"
)

// summaryWidth is the width the summary fits: a terminal's.
const summaryWidth = 100

// WriteSummary prints what a terminal shows of the reports, within 100
// columns: one row per binding, scenario family and profile with how
// many results passed, failed and were not applicable; then each failure
// in full, wrapped; then the seed to replay a failing report's random
// sequences; and last, alone on its line, "N passed, N failed, N not
// applicable". [WriteMatrix] prints every cell.
func WriteSummary(w io.Writer, reports ...Report) error {
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
	for _, rep := range reports {
		for _, t := range tallies(rep) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d", rep.Binding, t.family, t.profile, t.passed, t.failed, t.na)
			if hung {
				fmt.Fprintf(tw, "\t%d", t.notRun)
			}
			fmt.Fprintln(tw)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	writeFailures(&b, reports)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeFailures ends a report: each failure in full, wrapped to a
// terminal's width; the seed to replay a failing report's random
// sequences; and, alone on the last line, "N passed, N failed, N not
// applicable" over every result.
func writeFailures(b *strings.Builder, reports []Report) {
	passed, failed, na := 0, 0, 0
	for _, rep := range reports {
		passed += rep.Passed()
		failed += rep.Failed()
		na += rep.NotApplicable()
		for _, res := range rep.Results {
			if !res.Failed() {
				continue
			}
			fmt.Fprintf(b, "\n%s\n", wrap(fmt.Sprintf("FAIL [%s] %s %s:", res.Profile, res.Binding, res.Name()), "", summaryWidth))
			for _, f := range res.Failures {
				fmt.Fprintln(b, wrap(f, "    ", summaryWidth))
			}
		}
	}
	notRun := 0
	for _, rep := range reports {
		if rep.Failed() > 0 {
			fmt.Fprintf(b, "%s: random sequences used seed %d (replay: %s=%d)\n", rep.Binding, rep.Seed, SeedEnv, rep.Seed)
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

// tally counts the results of one scenario family and profile.
type tally struct {
	family             string
	profile            Profile
	passed, failed, na int
	notRun             int
}

// tallies counts rep's results per family and profile, in the order the
// families first appear, contract before extensions.
func tallies(rep Report) []tally {
	var out []tally
	index := map[string]int{}
	for _, p := range []Profile{Contract, Extensions} {
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
