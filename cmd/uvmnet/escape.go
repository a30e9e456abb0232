package main

import (
	"fmt"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Every string the command prints that came from its input (an endpoint's
// name, an ID, a type URL, a bad value in an error) passes through here on
// its way to a '#' label or a terminal. A newline in an endpoint name
// would otherwise forge lines that survive `grep -v '^#'`, and an escape
// sequence would reach the operator's terminal; a megabyte value would be
// quoted whole into an error.

// maxQuotedBytes bounds how much of one input value an error or label
// shows; a GUID, a MAC or a CNI endpoint name fits with room to spare.
const maxQuotedBytes = 128

// boundedQuote quotes s as Go does (control characters escaped), showing at
// most maxQuotedBytes of it and the full length when it is cut.
func boundedQuote(s string) string {
	if len(s) <= maxQuotedBytes {
		return strconv.Quote(s)
	}
	cut := maxQuotedBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.Quote(s[:cut]), len(s))
}

// label returns s as it is when it is short and every character is a
// printable one other than a quote or a backslash, which is what IDs,
// MACs and real endpoint names are, and boundedQuote(s) otherwise: a
// reader sees at once that a quoted value is exactly the input's.
func label(s string) string {
	if s == "" || len(s) > maxQuotedBytes {
		return boundedQuote(s)
	}
	for _, r := range s {
		if r == utf8.RuneError || r == '"' || r == '\\' || !unicode.IsPrint(r) {
			return boundedQuote(s)
		}
	}
	return s
}
