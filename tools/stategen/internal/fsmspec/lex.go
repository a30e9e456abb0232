package fsmspec

import (
	"fmt"
	"unicode/utf8"
)

// word is a run of non-blank bytes on a line, with the byte offset at which
// it starts so that errors can point at it.
type word struct {
	text string
	off  int
}

// fields splits s at spaces and tabs. Only those two count as blanks: other
// Unicode spaces would make names that look equal on screen differ.
func fields(s string, base int) []word {
	var toks []word
	start := -1
	for i := 0; i <= len(s); i++ {
		blank := i == len(s) || s[i] == ' ' || s[i] == '\t'
		switch {
		case blank && start >= 0:
			toks = append(toks, word{s[start:i], base + start})
			start = -1
		case !blank && start < 0:
			start = i
		}
	}
	return toks
}

// badChar finds the first byte of s that must not reach a generated Go file
// (invalid UTF-8, NUL, a byte order mark: the Go scanner rejects them) or a
// terminal (other control characters). It returns -1 and "" when s is clean.
func badChar(s string) (int, string) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i, "invalid UTF-8 encoding"
			}
		case r == '\t':
		case r < 0x20 || r == 0x7F || r == 0xFEFF:
			return i, fmt.Sprintf("illegal character %U", r)
		}
	}
	return -1, ""
}
