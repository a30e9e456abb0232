package main

import (
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/uvmnet/uvmnet/conformance"
)

// writeHTML writes the reports as one self-contained HTML page, for a CI
// artifact. It opens on the counts of each report and the failures,
// first, grouped by family as the summary is: each failing cell linked to
// its place in the matrix, its
// finding bounded (a random sequence as its seed, the step that diverged
// and the steps before it, the whole trace one click away). Then the
// matrix: a row per scenario and profile, a column per platform, route
// and concurrency, the scenario column and the header kept in view, each
// failing cell linked back to its failure. A checkbox (CSS alone, no
// script) shows only the rows that failed.
func writeHTML(w io.Writer, reports ...conformance.Report) error {
	g := newGrid(reports)
	page := htmlPage{Reports: reports, Failed: len(failing(reports))}
	for _, col := range g.cols {
		page.Columns = append(page.Columns, strings.Split(col, "/"))
	}
	for _, rep := range reports {
		for _, t := range tallies(rep) {
			if t.failed > 0 {
				page.Families = append(page.Families, htmlFamily{Title: fmt.Sprintf("%s %s [%s]: %d failed", rep.Binding, t.family, t.profile, t.failed), Failures: htmlFailures(t.failures)})
			}
		}
	}
	for _, row := range g.rows {
		r := htmlRow{Name: row}
		for _, col := range g.cols {
			res, ok := g.cells[row][col]
			cell := htmlCell{Present: ok, Result: res}
			if ok {
				cell.Outcome = outcome(res)
				cell.ID = cellID(res)
				r.Failed = r.Failed || res.Failed()
			}
			r.Cells = append(r.Cells, cell)
		}
		page.Rows = append(page.Rows, r)
	}
	return htmlTemplate.Execute(w, page)
}

// htmlFailures is the page's list entry of each failed result: its name
// linked to its cell, its headline, its findings bounded, and a random
// sequence's tail with the whole trace behind a click.
func htmlFailures(results []conformance.Result) []htmlFailure {
	var out []htmlFailure
	for _, res := range results {
		f := htmlFailure{ID: cellID(res), Name: res.Binding + " " + res.Name(), Profile: res.Profile.String(), Headline: headline(res), Divergence: res.Divergence}
		if d := res.Divergence; d != nil {
			f.Tail = d.Tail(conformance.DivergenceTail)
		}
		for _, text := range res.Failures {
			lines, omitted := bounded(res, text)
			f.Findings = append(f.Findings, htmlFinding{Text: strings.Join(lines, "\n"), Omitted: omitted, Full: text})
		}
		out = append(out, f)
	}
	return out
}

// htmlPage is what the page template renders.
type htmlPage struct {
	Reports []conformance.Report
	// Failed counts the failed results of every report.
	Failed int
	// Families are the failing families, each with its failed results.
	Families []htmlFamily
	// Columns are the column names split at "/", one header line each,
	// so that the matrix fits a 1400-pixel window.
	Columns [][]string
	Rows    []htmlRow
}

// htmlFamily is one failing family of one binding and profile.
type htmlFamily struct {
	Title    string
	Failures []htmlFailure
}

// htmlFailure is one failing cell in the failures-first list.
type htmlFailure struct {
	ID, Name, Profile, Headline string
	Findings                    []htmlFinding
	Divergence                  *conformance.Divergence
	Tail                        []string
}

// htmlFinding is one finding, bounded, with the whole text when it was
// cut.
type htmlFinding struct {
	Text    string
	Omitted int
	Full    string
}

type htmlRow struct {
	Name   string
	Failed bool
	Cells  []htmlCell
}

type htmlCell struct {
	Present bool
	ID      string
	Outcome string
	Result  conformance.Result
}

var htmlTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>uvmnet conformance report</title>
<style>
body { font-family: sans-serif; margin: 1em; max-width: 1360px; }
ol.failures li { margin-bottom: .6em; }
ol.failures pre, .trace pre { white-space: pre-wrap; margin: .3em 0; font-size: 85%; }
.steps { font-family: monospace; font-size: 85%; margin: .2em 0; }
.op { background: #f9d6d6; font-weight: bold; }
#only-failures:checked ~ .matrix tr.passing { display: none; }
.matrix { overflow-x: auto; max-height: 85vh; }
table { border-collapse: separate; border-spacing: 0; font-size: 80%; }
th, td { border: 1px solid #ccc; padding: 1px 4px; vertical-align: top; }
thead th { background: #eee; position: sticky; top: 0; z-index: 1; font-weight: normal; }
th.scenario, td.scenario { position: sticky; left: 0; background: #fff; max-width: 30em; overflow-wrap: anywhere; text-align: left; }
thead th.scenario { z-index: 2; background: #eee; }
td.pass { background: #e6f4e6; }
td.FAIL { background: #f9d6d6; }
td.na { background: #f0f0f0; color: #777; }
:target { outline: 3px solid #c00; }
</style>
</head>
<body>
<h1>uvmnet conformance report</h1>
<ul>
{{- range .Reports}}
<li>{{.Binding}}: {{.Passed}} passed, {{.Failed}} failed, {{.NotApplicable}} not applicable{{with .NotRun}}, {{.}} not run{{end}} (random sequences: seed {{.Seed}})</li>
{{- end}}
</ul>
<p><a href="#failures">failures</a> · <a href="#matrix">every scenario</a></p>
<h2 id="failures">Failures ({{.Failed}})</h2>
{{- if not .Families}}
<p>None.</p>
{{- end}}
{{- range .Families}}
<details open><summary>{{.Title}}</summary>
<ol class="failures">
{{- range .Failures}}
<li id="failure-{{.ID}}"><a href="#{{.ID}}">{{.Name}}</a> [{{.Profile}}]: {{.Headline}}
{{- with .Divergence}}
<div class="steps">seed {{.Seed}} (replay: CONFORMANCE_SEED={{.Seed}}); step {{.Step}} diverged, after:</div>
{{- end}}
{{- if .Divergence}}
<div class="steps">{{range .Tail}}<div>{{.}}</div>{{end}}<div class="op">{{.Divergence.Op}}</div></div>
<details class="trace"><summary>whole sequence ({{len .Divergence.Trace}} steps)</summary><pre>{{range .Divergence.Trace}}{{.}}
{{end}}</pre></details>
{{- end}}
<details><summary>finding</summary>{{range .Findings}}<pre>{{.Text}}</pre>{{if .Omitted}}<details><summary>{{.Omitted}} more lines</summary><pre>{{.Full}}</pre></details>{{end}}{{end}}</details>
</li>
{{- end}}
</ol>
</details>
{{- end}}
<h2 id="matrix">Every scenario</h2>
<input type="checkbox" id="only-failures"><label for="only-failures"> show only the scenarios that failed</label>
<div class="matrix">
<table>
<thead><tr><th class="scenario">scenario</th>{{range .Columns}}<th>{{range $i, $p := .}}{{if $i}}<br>{{end}}{{$p}}{{end}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr class="{{if .Failed}}failing{{else}}passing{{end}}"><td class="scenario">{{.Name}}</td>
{{- range .Cells}}
{{- if not .Present}}<td>-</td>
{{- else if eq .Outcome "FAIL"}}<td class="FAIL" id="{{.ID}}"><a href="#failure-{{.ID}}">FAIL</a></td>
{{- else if eq .Outcome "n/a"}}<td class="na" title="{{.Result.NotApplicable}}">n/a</td>
{{- else if eq .Outcome "not-run"}}<td class="na" title="{{.Result.NotRun}}">not run</td>
{{- else}}<td class="pass"{{if .Result.FaultPoints}} title="{{.Result.FaultPoints}} faults"{{end}}>pass</td>
{{- end}}
{{- end}}</tr>
{{- end}}
</tbody>
</table>
</div>
</body>
</html>
`))
