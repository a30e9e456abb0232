package textdiff

import (
	"fmt"
	"strings"
)

// Context is the number of unchanged lines shown around each change.
const Context = 3

// Unified returns the diff from old to new in unified format, headed by
// "--- oldName" and "+++ newName", or "" when the texts are equal. Lines
// are compared with their line ends, so a lost final newline or a switch
// to CRLF is a change, flagged the way diff(1) does.
func Unified(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	ops := editScript(a, b)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for i := 0; i < len(ops); {
		if ops[i].kind == keep {
			i++
			continue
		}
		// Changes closer than 2*Context lines share a hunk, because
		// their contexts would otherwise overlap.
		last := i
		for j := i + 1; j < len(ops); j++ {
			if ops[j].kind != keep {
				if j-last-1 > 2*Context {
					break
				}
				last = j
			}
		}
		lo, hi := max(0, i-Context), min(len(ops), last+Context+1)
		writeHunk(&out, ops[lo:hi], a, b)
		i = hi
	}
	return out.String()
}

func writeHunk(out *strings.Builder, ops []op, a, b []string) {
	var na, nb int
	for _, o := range ops {
		if o.kind != ins {
			na++
		}
		if o.kind != del {
			nb++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(ops[0].a, na), hunkRange(ops[0].b, nb))
	for _, o := range ops {
		var line string
		if o.kind == ins {
			line = b[o.b]
		} else {
			line = a[o.a]
		}
		out.WriteByte(byte(o.kind))
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange formats a hunk's line range as diff(1) does: 1-based start,
// count omitted when it is 1, and an empty range named by the line before it.
func hunkRange(start, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// splitLines splits s after each newline; the last line lacks one when s
// does not end in a newline.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
