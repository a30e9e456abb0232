package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
)

// sampleTrace is a random sequence of 300 steps that diverged at its
// last.
func sampleTrace() *conformance.Divergence {
	d := &conformance.Divergence{Seed: 7, Finding: "after Teardown: still attached: VM NICs [nic-1]"}
	for i := 1; i <= 300; i++ {
		d.Trace = append(d.Trace, fmt.Sprintf("step-%03d Reconcile in Configured -> <nil>", i))
	}
	d.Trace[299] = "Teardown in Configured -> <nil>"
	d.Step, d.Op = 300, d.Trace[299]
	return d
}

// sampleReports are two bindings' results with every outcome, both
// profiles, failures longer than a terminal line, one family failing in
// many cells and a random sequence that diverged.
func sampleReports() []conformance.Report {
	long := "Teardown with error at vm.RemoveNIC d1c00000-0061-4000-8000-000000000002: still attached: " +
		strings.Repeat("VM NICs [d1c00000-0061-4000-8000-000000000001] ", 4) +
		strings.Repeat("x", 130) + "\nsecond line <script>alert(1)</script>"
	d := sampleTrace()
	lcow := conformance.Report{Binding: "lcow", Seed: 7, Results: []conformance.Result{
		{Binding: "lcow", Concurrency: 1, Scenario: "faults/setup/ns-on/1-endpoints"},
		{Binding: "lcow", Concurrency: 1, Scenario: "faults/setup/ns-on/2-endpoints", Failures: []string{long}},
		{Binding: "lcow", Concurrency: 8, Scenario: "faults/setup/ns-on/1-endpoints", NotApplicable: "needs Capabilities.Concurrency"},
		{Binding: "lcow", Route: conformance.RouteComputeSystem, Concurrency: 1, Scenario: "reliability/migration-destination/teardown-without-reset/ns-on/2-endpoints"},
		{Binding: "lcow", Concurrency: 1, Scenario: "contract/migration/ns-on/1-endpoints", Profile: conformance.Extensions, Failures: []string{"Save retried: snapshot bytes differ"}},
		{Binding: "lcow", Concurrency: 1, Scenario: "random/ns-on", Failures: []string{d.String()}, Divergence: d},
	}}
	for i := range 40 {
		lcow.Results = append(lcow.Results, conformance.Result{Binding: "lcow", Concurrency: 1 + i%2,
			Scenario: fmt.Sprintf("state/setup-teardown/case-%02d", i), Failures: []string{"after Teardown: still attached"}})
	}
	return []conformance.Report{lcow, {Binding: "wcow", Results: []conformance.Result{
		{Binding: "wcow", Concurrency: 1, Scenario: "faults/setup/ns-on/1-endpoints"},
	}}}
}

func TestWriteSummaryFitsATerminalAndCountsPerFamilyAndProfile(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeSummary(&out, sampleReports()...))
	text := out.String()
	for i, line := range strings.Split(text, "\n") {
		assert.LessOrEqual(t, len(line), summaryWidth, "line %d: %q", i+1, line)
	}
	assert.Regexp(t, `\nlcow +faults/setup +contract +1 +1 +1\n`, text)
	assert.Regexp(t, `\nlcow +reliability/migration-destination +contract +1 +0 +0\n`, text)
	assert.Regexp(t, `\nlcow +contract/migration +extensions +0 +1 +0\n`, text)
	assert.Regexp(t, `\nwcow +faults/setup +contract +1 +0 +0\n`, text)
	// Each failing family once, its first failure wrapped, nothing of it
	// lost.
	assert.Contains(t, text, "FAIL [contract] lcow faults/setup: 1 failed\n  c1/faults/setup/ns-on/2-endpoints:\n    Teardown with error")
	assert.Contains(t, text, "FAIL [extensions] lcow contract/migration: 1 failed\n  extensions/c1/contract/migration/ns-on/1-endpoints:\n    Save retried")
	assert.Contains(t, strings.ReplaceAll(text, "\n    ", ""), strings.Repeat("x", 130), "a word longer than a line is split, not cut")
	assert.Contains(t, text, "\n    second line <script>")
	assert.Contains(t, text, "lcow: random sequences used seed 7 (replay: CONFORMANCE_SEED=7)")
	assert.NotContains(t, text, "wcow: random sequences")
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	assert.Equal(t, "3 passed, 43 failed, 1 not applicable", lines[len(lines)-1])
}

// A random sequence shows as its seed, the step that diverged and the few
// before it: never its whole trace.
func TestWriteSummaryShowsARandomFailureAsSeedStepAndTail(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeSummary(&out, sampleReports()...))
	text := out.String()
	assert.Contains(t, text, "    seed 7 (replay: CONFORMANCE_SEED=7)\n    diverged at step 300: Teardown in Configured -> <nil>\n    the 8 steps before it:\n")
	assert.Contains(t, text, "step-299 ")
	assert.Contains(t, text, "step-292 ")
	assert.NotContains(t, text, "step-291 ", "only the last steps before the divergence")
	assert.NotContains(t, text, "step-001 ")
}

// A family that fails in many cells shows its first failure and names a
// few of the others, bounded.
func TestWriteSummaryBoundsAFamilyFailingEverywhere(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeSummary(&out, sampleReports()...))
	text := out.String()
	assert.Contains(t, text, "FAIL [contract] lcow state/setup-teardown: 40 failed\n  c1/state/setup-teardown/case-00:\n    after Teardown: still attached\n    also failed: c2/state/setup-teardown/case-01,")
	assert.Equal(t, 1, strings.Count(text, "after Teardown: still attached\n"), "the family's finding once")
	assert.Regexp(t, `\n    \.\.\. and \d+ more \(-matrix lists every failure\)\n`, text)
	assert.NotContains(t, text, "case-39")
}

func TestWrapBreaksAtSpacesAndInsideLongWords(t *testing.T) {
	assert.Equal(t, "  ab cd\n  ef", wrap("ab cd ef", "  ", 8))
	assert.Equal(t, "  abcdef\n  gh", wrap("abcdefgh", "  ", 8))
	assert.Equal(t, "  a\n  b", wrap("a\nb", "  ", 8))
}

func TestFamilyDropsTheCellAndKeepsTwoSegments(t *testing.T) {
	assert.Equal(t, "faults/setup", family("faults/setup/ns-on/2-endpoints"))
	assert.Equal(t, "faults/second", family("faults/second/setup-teardown/ns-off/1-endpoints"))
	assert.Equal(t, "random", family("random/ns-on"))
	assert.Equal(t, "contract/lifecycle-rules", family("contract/lifecycle-rules/hot-plug"))
}
