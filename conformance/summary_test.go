package conformance

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sampleReports are two bindings' results with every outcome, both
// profiles, and failures longer than a terminal line.
func sampleReports() []Report {
	long := "Teardown with error at vm.RemoveNIC d1c00000-0061-4000-8000-000000000002: still attached: " +
		strings.Repeat("VM NICs [d1c00000-0061-4000-8000-000000000001] ", 4) +
		strings.Repeat("x", 130) + "\nsecond line <script>alert(1)</script>"
	return []Report{
		{Binding: "lcow", Seed: 7, Results: []Result{
			{Binding: "lcow", Concurrency: 1, Scenario: "faults/setup/ns-on/1-endpoints"},
			{Binding: "lcow", Concurrency: 1, Scenario: "faults/setup/ns-on/2-endpoints", Failures: []string{long}},
			{Binding: "lcow", Concurrency: 8, Scenario: "faults/setup/ns-on/1-endpoints", NotApplicable: "needs Capabilities.Concurrency"},
			{Binding: "lcow", Route: RouteComputeSystem, Concurrency: 1, Scenario: "reliability/migration-destination/teardown-without-reset/ns-on/2-endpoints"},
			{Binding: "lcow", Concurrency: 1, Scenario: "contract/migration/ns-on/1-endpoints", Profile: Extensions, Failures: []string{"Save retried: snapshot bytes differ"}},
		}},
		{Binding: "wcow", Results: []Result{
			{Binding: "wcow", Concurrency: 1, Scenario: "faults/setup/ns-on/1-endpoints"},
		}},
	}
}

func TestWriteSummaryFitsATerminalAndCountsPerFamilyAndProfile(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, WriteSummary(&out, sampleReports()...))
	text := out.String()
	for i, line := range strings.Split(text, "\n") {
		assert.LessOrEqual(t, len(line), summaryWidth, "line %d: %q", i+1, line)
	}
	assert.Regexp(t, `\nlcow +faults/setup +contract +1 +1 +1\n`, text)
	assert.Regexp(t, `\nlcow +reliability/migration-destination +contract +1 +0 +0\n`, text)
	assert.Regexp(t, `\nlcow +contract/migration +extensions +0 +1 +0\n`, text)
	assert.Regexp(t, `\nwcow +faults/setup +contract +1 +0 +0\n`, text)
	// Each failure in full: named with its profile, wrapped, nothing lost.
	assert.Contains(t, text, "FAIL [contract] lcow c1/faults/setup/ns-on/2-endpoints:")
	assert.Contains(t, text, "FAIL [extensions] lcow extensions/c1/contract/migration/ns-on/1-endpoints:\n    Save retried")
	assert.Contains(t, strings.ReplaceAll(text, "\n    ", ""), strings.Repeat("x", 130), "a word longer than a line is split, not cut")
	assert.Contains(t, text, "\n    second line <script>")
	assert.Contains(t, text, "lcow: random sequences used seed 7 (replay: CONFORMANCE_SEED=7)")
	assert.NotContains(t, text, "wcow: random sequences")
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	assert.Equal(t, "3 passed, 2 failed, 1 not applicable", lines[len(lines)-1])
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

func TestWriteHTMLHasOneCellPerScenarioAndColumnAndEscapesFailures(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, WriteHTML(&out, sampleReports()...))
	page := out.String()
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	assert.NotContains(t, page, "<script>", "failure text must be escaped")
	assert.Contains(t, page, "second line &lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, page, `<td class="FAIL"><details><summary>FAIL</summary>`)
	assert.Contains(t, page, `<td class="na" title="needs Capabilities.Concurrency">n/a</td>`)
	assert.Contains(t, page, "lcow: 2 passed, 2 failed, 1 not applicable")
	// Columns: lcow/c1, lcow/c8, lcow/wire-cs/c1, wcow/c1; rows: three
	// scenarios and one Extensions row.
	assert.Equal(t, 4, strings.Count(page, "<th>")-1)
	assert.Equal(t, 4, strings.Count(page, "\n<tr><td>"))
	assert.Equal(t, 4*4, strings.Count(page, "<td class=")+strings.Count(page, "<td>-</td>"))
	assert.Contains(t, page, "<tr><td>extensions/contract/migration/ns-on/1-endpoints</td>")
}
