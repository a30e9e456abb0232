package fsmgen

import (
	"bytes"
	"fmt"
)

// Markers returns the lines that delimit the README section for the spec
// with the given base name (network for network.fsm).
func Markers(base string) (begin, end string) {
	return "<!-- stategen:begin " + base + " -->", "<!-- stategen:end " + base + " -->"
}

// SpliceReadme replaces the lines between the begin and end marker lines of
// base in readme with a fenced mermaid block holding diagram. Everything
// else, the marker lines included, is kept byte for byte; the block uses
// CRLF line ends if the begin marker does. name is the README's path as
// errors should show it.
func SpliceReadme(name string, readme []byte, base string, diagram []byte) ([]byte, error) {
	begin, end := Markers(base)
	lines := bytes.SplitAfter(readme, []byte("\n"))
	find := func(marker string, from int) []int {
		var at []int
		for i := from; i < len(lines); i++ {
			if string(bytes.TrimSpace(lines[i])) == marker {
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
	nl := []byte("\n")
	if bytes.HasSuffix(lines[b[0]], []byte("\r\n")) {
		nl = []byte("\r\n")
	}
	var out bytes.Buffer
	for _, l := range lines[:b[0]+1] {
		out.Write(l)
	}
	out.WriteString("```mermaid")
	out.Write(nl)
	for _, l := range bytes.SplitAfter(bytes.TrimSuffix(diagram, []byte("\n")), []byte("\n")) {
		out.Write(bytes.TrimSuffix(l, []byte("\n")))
		out.Write(nl)
	}
	out.WriteString("```")
	out.Write(nl)
	for _, l := range lines[e[0]:] {
		out.Write(l)
	}
	return out.Bytes(), nil
}
