package conformance

import (
	"html/template"
	"io"
	"slices"
)

// WriteHTML writes the reports as one self-contained HTML page, for a CI
// artifact: the counts of each report, then one table with a row per
// scenario and profile and a column per platform, route and concurrency,
// each cell pass, FAIL or n/a; a failing cell expands (a <details>) to
// its failures in full, a not-applicable one says why on hover.
func WriteHTML(w io.Writer, reports ...Report) error {
	page := htmlPage{Reports: reports}
	cells := map[string]map[string]Result{}
	for _, rep := range reports {
		for _, res := range rep.Results {
			col := res.Column()
			if !slices.Contains(page.Columns, col) {
				page.Columns = append(page.Columns, col)
			}
			row := res.row()
			if cells[row] == nil {
				page.Rows = append(page.Rows, htmlRow{Name: row})
				cells[row] = map[string]Result{}
			}
			cells[row][col] = res
		}
	}
	for i, row := range page.Rows {
		for _, col := range page.Columns {
			res, ok := cells[row.Name][col]
			cell := htmlCell{Present: ok, Result: res}
			if ok {
				cell.Outcome = res.outcome()
			}
			page.Rows[i].Cells = append(page.Rows[i].Cells, cell)
		}
	}
	return htmlTemplate.Execute(w, page)
}

// htmlPage is what the page template renders.
type htmlPage struct {
	Reports []Report
	Columns []string
	Rows    []htmlRow
}

type htmlRow struct {
	Name  string
	Cells []htmlCell
}

type htmlCell struct {
	Present bool
	Outcome string
	Result  Result
}

var htmlTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>uvmnet conformance report</title>
<style>
body { font-family: sans-serif; margin: 1em; }
table { border-collapse: collapse; font-size: 90%; }
th, td { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; }
th { background: #eee; position: sticky; top: 0; }
td.pass { background: #e6f4e6; }
td.FAIL { background: #f9d6d6; }
td.na { background: #f0f0f0; color: #777; }
pre { white-space: pre-wrap; max-width: 60em; }
</style>
</head>
<body>
<h1>uvmnet conformance report</h1>
<ul>
{{- range .Reports}}
<li>{{.Binding}}: {{.Passed}} passed, {{.Failed}} failed, {{.NotApplicable}} not applicable (random sequences: seed {{.Seed}})</li>
{{- end}}
</ul>
<table>
<thead><tr><th>scenario</th>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr><td>{{.Name}}</td>
{{- range .Cells}}
{{- if not .Present}}<td>-</td>
{{- else if eq .Outcome "FAIL"}}<td class="FAIL"><details><summary>FAIL</summary>{{range .Result.Failures}}<pre>{{.}}</pre>{{end}}</details></td>
{{- else if eq .Outcome "n/a"}}<td class="na" title="{{.Result.NotApplicable}}">n/a</td>
{{- else}}<td class="pass">pass{{if .Result.FaultPoints}} ({{.Result.FaultPoints}} faults){{end}}</td>
{{- end}}
{{- end}}</tr>
{{- end}}
</tbody>
</table>
</body>
</html>
`))
