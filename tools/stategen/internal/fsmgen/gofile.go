package fsmgen

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"text/template"
	"unicode/utf8"

	"golang.org/x/tools/imports"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

//go:embed gofile.tmpl
var goFileText string

var goFileTemplate = template.Must(template.New("gofile").
	Funcs(template.FuncMap{"join": strings.Join}).
	Parse(goFileText))

// GoConfig says where the generated code goes and what it is called.
type GoConfig struct {
	Package string
	Names   Names
	// Source is the spec's file name as the type's doc comment cites it.
	Source string
	// Command is the stategen command line that produced the file,
	// recorded in its header (see [Header]).
	Command []string
}

type goConst struct {
	Name, Const, Doc string
	Index            int
}

type goCell struct{ Event, Target string }

type goRow struct {
	State string
	Cells []goCell
}

type goData struct {
	Header           string
	Package, Machine string
	N                Names
	TypeDoc          []string
	States, Events   []goConst
	InitialConst     string
	Terminals        []string
	Rows             []goRow
}

// Go returns the Go source for a valid machine (one that fsmspec.Parse
// returned no errors for, and CheckNames did not object to).
func Go(m *fsmspec.Machine, cfg GoConfig) ([]byte, error) {
	n := cfg.Names
	d := goData{
		Header:       Header(cfg.Command),
		Package:      cfg.Package,
		Machine:      m.Name,
		N:            n,
		TypeDoc:      typeDoc(m, cfg),
		InitialConst: n.StateConst(m.States[m.Initial].Name),
	}
	for i, s := range m.States {
		d.States = append(d.States, goConst{s.Name, n.StateConst(s.Name), s.Doc, i})
		if s.Terminal {
			d.Terminals = append(d.Terminals, n.StateConst(s.Name))
		}
	}
	for i, e := range m.Events {
		d.Events = append(d.Events, goConst{e.Name, n.EventConst(e.Name), e.Doc, i})
	}
	next := make([][]int, len(m.States))
	for i := range next {
		next[i] = make([]int, len(m.Events))
		for j := range next[i] {
			next[i][j] = -1
		}
	}
	for _, t := range m.Transitions {
		next[t.From][t.Event] = t.To
	}
	for i, s := range m.States {
		r := goRow{State: n.StateConst(s.Name)}
		for j, e := range m.Events {
			target := n.None
			if to := next[i][j]; to >= 0 {
				target = n.StateConst(m.States[to].Name)
			}
			r.Cells = append(r.Cells, goCell{n.EventConst(e.Name), target})
		}
		d.Rows = append(d.Rows, r)
	}

	var buf bytes.Buffer
	if err := goFileTemplate.Execute(&buf, d); err != nil {
		return nil, err
	}
	// FormatOnly: the template writes its imports itself, and fixing them
	// would make imports run the go command, tying the output to whatever
	// module and environment the generator happens to run in.
	out, err := imports.Process(cfg.Source+".go", buf.Bytes(), &imports.Options{
		Comments:   true,
		TabIndent:  true,
		TabWidth:   8,
		FormatOnly: true,
	})
	if err != nil {
		return nil, fmt.Errorf("formatting generated code: %v", err)
	}
	return out, nil
}

// typeDoc writes the state type's doc comment, which carries the whole
// transition table so that go doc and editors show the machine at a glance.
func typeDoc(m *fsmspec.Machine, cfg GoConfig) []string {
	n := cfg.Names
	lines := []string{
		fmt.Sprintf("%s is a state of the %s machine, generated from %s.", n.State, m.Name, cfg.Source),
		"",
		fmt.Sprintf("Next moves a %s along this table; every (state, event) pair", n.State),
		fmt.Sprintf("that the table does not list is rejected with a *%s.", n.TransitionError),
		"",
	}
	rows := [][3]string{{"From", "Event", "To"}}
	for _, t := range m.Transitions {
		rows = append(rows, [3]string{m.States[t.From].Name, m.Events[t.Event].Name, m.States[t.To].Name})
	}
	var width [3]int
	for _, r := range rows {
		for c := range width {
			width[c] = max(width[c], utf8.RuneCountInString(r[c]))
		}
	}
	pad := func(s string, w int) string { return s + strings.Repeat(" ", w-utf8.RuneCountInString(s)) }
	for i, r := range rows {
		// A tab after "//" makes the line part of a code block, which
		// go doc prints as is, keeping the columns aligned.
		lines = append(lines, "\t"+pad(r[0], width[0])+" | "+pad(r[1], width[1])+" | "+r[2])
		if i == 0 {
			lines = append(lines, "\t"+strings.Repeat("-", width[0]+1)+"+"+
				strings.Repeat("-", width[1]+2)+"+"+strings.Repeat("-", width[2]+1))
		}
	}
	lines = append(lines, "", fmt.Sprintf("The initial state is %s (%s); %s.",
		m.States[m.Initial].Name, n.Initial, terminalPhrase(m)))
	for i, l := range lines {
		switch {
		case l == "":
			lines[i] = "//"
		case l[0] == '\t':
			lines[i] = "//" + l
		default:
			lines[i] = "// " + l
		}
	}
	return lines
}

func terminalPhrase(m *fsmspec.Machine) string {
	var names []string
	for _, i := range m.Terminals() {
		names = append(names, m.States[i].Name)
	}
	switch len(names) {
	case 0:
		return "no state is terminal"
	case 1:
		return "the terminal state is " + names[0]
	}
	return "the terminal states are " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
