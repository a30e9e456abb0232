package fsmgen

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

// Markers returns the lines that delimit the README section for the spec
// with the given base name (network for network.fsm).
func Markers(base string) (begin, end string) {
	return "<!-- stategen:begin " + base + " -->", "<!-- stategen:end " + base + " -->"
}

// DocMarkers returns the text of the comment lines that delimit the Go doc
// section for the spec with the given base name. In a doc comment they are
// written as code-block lines ("//\tstategen:begin network"), which gofmt
// keeps where they are: a directive-like "//stategen:begin" would be moved
// to the end of the comment by gofmt and hidden by go doc.
func DocMarkers(base string) (begin, end string) {
	return "stategen:begin " + base, "stategen:end " + base
}

// SpliceReadme replaces the lines between the begin and end marker lines of
// base in readme with a fenced mermaid block holding diagram. Everything
// else, the marker lines included, is kept byte for byte; the block uses
// CRLF line ends if the begin marker does. name is the README's path as
// errors should show it.
func SpliceReadme(name string, readme []byte, base string, diagram []byte) ([]byte, error) {
	begin, end := Markers(base)
	block := []string{"```mermaid"}
	block = append(block, strings.Split(strings.TrimSuffix(string(diagram), "\n"), "\n")...)
	block = append(block, "```")
	markdownLine := func(line []byte) string { return string(bytes.TrimSpace(line)) }
	return splice(name, readme, begin, end, markdownLine, block)
}

// SpliceDoc replaces the comment lines between the begin and end markers
// of base (see DocMarkers) in the Go file src with the plain-text table of
// m, each line indented by a tab so that go doc shows the table as a code
// block, between the markers, which are code-block lines as well. The rest
// of the file is kept byte for byte, as in SpliceReadme.
func SpliceDoc(name string, src []byte, base string, m *fsmspec.Machine) ([]byte, error) {
	begin, end := DocMarkers(base)
	var block []string
	for _, l := range Table(m) {
		if l == "" {
			block = append(block, "//") // gofmt's form of a blank comment line
		} else {
			block = append(block, "//\t"+l)
		}
	}
	return splice(name, src, begin, end, commentLine, block)
}

// commentLine is the text of a // comment line with the blanks around it
// removed, or "" for a line that is not a // comment.
func commentLine(line []byte) string {
	text, ok := bytes.CutPrefix(bytes.TrimSpace(line), []byte("//"))
	if !ok {
		return ""
	}
	return string(bytes.TrimSpace(text))
}

// splice replaces the lines between the line whose text (as text gives it)
// is begin and the next one that is end with block. The begin marker must
// appear once: a second copy would leave it unclear which region is
// generated.
func splice(name string, file []byte, begin, end string, text func([]byte) string, block []string) ([]byte, error) {
	lines := bytes.SplitAfter(file, []byte("\n"))
	find := func(marker string, from int) []int {
		var at []int
		for i := from; i < len(lines); i++ {
			if text(lines[i]) == marker {
				at = append(at, i)
			}
		}
		return at
	}
	b := find(begin, 0)
	switch len(b) {
	case 0:
		return nil, fmt.Errorf("%s: missing marker line %s", name, begin)
	case 1:
	default:
		return nil, fmt.Errorf("%s:%d: marker line %s appears again (first at line %d)", name, b[1]+1, begin, b[0]+1)
	}
	e := find(end, b[0]+1)
	if len(e) == 0 {
		return nil, fmt.Errorf("%s: missing marker line %s after line %d", name, end, b[0]+1)
	}
	nl := "\n"
	if bytes.HasSuffix(lines[b[0]], []byte("\r\n")) {
		nl = "\r\n"
	}
	var out bytes.Buffer
	for _, l := range lines[:b[0]+1] {
		out.Write(l)
	}
	for _, l := range block {
		out.WriteString(l)
		out.WriteString(nl)
	}
	for _, l := range lines[e[0]:] {
		out.Write(l)
	}
	return out.Bytes(), nil
}

// Table renders the whole machine as plain-text lines in the spec's own
// syntax: the initial and terminal directives, then every transition,
// grouped by source state in the order the states are declared (within a
// group, in spec order), a blank line between groups and the columns
// aligned. Unlike the spec, it is complete at a glance for a reader who
// follows one state's way out.
func Table(m *fsmspec.Machine) []string {
	name := func(s int) string { return m.States[s].Name }
	lines := []string{"initial  " + name(m.Initial)}
	if terms := m.Terminals(); len(terms) > 0 {
		var names []string
		for _, t := range terms {
			names = append(names, name(t))
		}
		lines = append(lines, "terminal "+strings.Join(names, " "))
	}
	var fromWidth, arrowWidth int
	arrow := func(t fsmspec.Transition) string { return "--" + m.Events[t.Event].Name + "-->" }
	for _, t := range m.Transitions {
		fromWidth = max(fromWidth, utf8.RuneCountInString(name(t.From)))
		arrowWidth = max(arrowWidth, utf8.RuneCountInString(arrow(t)))
	}
	pad := func(s string, w int) string { return s + strings.Repeat(" ", w-utf8.RuneCountInString(s)) }
	for s := range m.States {
		first := true
		for _, t := range m.Transitions {
			if t.From != s {
				continue
			}
			if first {
				lines = append(lines, "")
				first = false
			}
			lines = append(lines, pad(name(t.From), fromWidth)+"  "+pad(arrow(t), arrowWidth)+"  "+name(t.To))
		}
	}
	return lines
}
