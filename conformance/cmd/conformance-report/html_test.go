package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteHTMLListsTheFailuresFirstLinkedToTheirCells(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeHTML(&out, sampleReports()...))
	page := out.String()
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	failures, matrix := strings.Index(page, `<h2 id="failures">Failures (43)</h2>`), strings.Index(page, "<table>")
	require.GreaterOrEqual(t, failures, 0)
	assert.Less(t, failures, matrix, "the failures come before the matrix")
	// Every failure links to its cell, and the cell back to it.
	links := regexp.MustCompile(`<li id="failure-(cell-[^"]+)"><a href="#(cell-[^"]+)">`).FindAllStringSubmatch(page, -1)
	require.Len(t, links, 43)
	for _, l := range links {
		assert.Equal(t, l[1], l[2])
		assert.Contains(t, page, `<td class="FAIL" id="`+l[1]+`"><a href="#failure-`+l[1]+`">FAIL</a></td>`)
	}
	assert.Contains(t, page, `<a href="#cell-lcow-c1-faults-setup-ns-on-2-endpoints">lcow c1/faults/setup/ns-on/2-endpoints</a> [contract]: Teardown with error`)
	assert.NotContains(t, page, "<script>", "failure text must be escaped, and the page needs no script")
	assert.Contains(t, page, "second line &lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, page, "lcow: 2 passed, 43 failed, 1 not applicable")
	// Grouped by family, as the summary is; each group folds away.
	assert.Contains(t, page, `<details open><summary>lcow state/setup-teardown [contract]: 40 failed</summary>`)
	assert.Equal(t, 4, strings.Count(page, "<details open><summary>"))
}

func TestWriteHTMLShowsARandomFailureAsSeedOpAndTailWithTheTraceBehindAClick(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeHTML(&out, sampleReports()...))
	page := out.String()
	i := strings.Index(page, `<li id="failure-cell-lcow-c1-random-ns-on">`)
	require.GreaterOrEqual(t, i, 0)
	item := page[i : i+strings.Index(page[i:], "</li>")]
	assert.Contains(t, item, "after Teardown: still attached: VM NICs [nic-1] (random sequence, seed 7, step 300: Teardown in Configured -&gt; &lt;nil&gt;)")
	visible, trace, ok := strings.Cut(item, `<details class="trace"><summary>whole sequence (300 steps)</summary>`)
	require.True(t, ok, "the whole trace is one click away")
	assert.Contains(t, visible, `<div class="op">Teardown in Configured -&gt; &lt;nil&gt;</div>`)
	assert.Contains(t, visible, "step-292 ")
	assert.NotContains(t, visible, "step-291 ")
	assert.Contains(t, trace, "step-001 ")
}

func TestWriteHTMLHasOneCellPerScenarioAndColumnAndAFailuresOnlyFilter(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeHTML(&out, sampleReports()...))
	page := out.String()
	// Columns: lcow/c1, lcow/c8, lcow/wire-cs/c1, lcow/c2, wcow/c1.
	assert.Contains(t, page, `<th class="scenario">scenario</th><th>lcow<br>c1</th><th>lcow<br>c8</th><th>lcow<br>wire-cs<br>c1</th>`)
	rows := strings.Count(page, "\n<tr class=")
	assert.Equal(t, 45, rows)
	assert.Equal(t, rows*5, strings.Count(page, "<td class=\"pass")+strings.Count(page, "<td class=\"na")+strings.Count(page, "<td class=\"FAIL")+strings.Count(page, "<td>-</td>"))
	assert.Equal(t, 43, strings.Count(page, `<tr class="failing">`))
	assert.Contains(t, page, `<tr class="failing"><td class="scenario">extensions/contract/migration/ns-on/1-endpoints</td>`)
	assert.Contains(t, page, `<td class="na" title="needs Capabilities.Concurrency">n/a</td>`)
	// The filter works without script: a checkbox before the matrix hides
	// the rows that passed; the scenario column stays in view.
	assert.Contains(t, page, `<input type="checkbox" id="only-failures">`)
	assert.Contains(t, page, `#only-failures:checked ~ .matrix tr.passing { display: none; }`)
	assert.Regexp(t, `td\.scenario \{ position: sticky; left: 0;`, page)
}
