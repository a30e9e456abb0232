package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHelpSaysWhatTheCommandDoesAndShowsExamples(t *testing.T) {
	var out bytes.Buffer
	usage(&out, flag.CommandLine)
	help := out.String()
	assert.True(t, strings.HasPrefix(help, "conformance-report runs the conformance suite"), help)
	assert.Contains(t, help, "Examples:\n\n  conformance-report ")
	assert.Contains(t, help, "conformance-report -html report.html")
	// Then every flag the command has.
	flag.VisitAll(func(f *flag.Flag) { assert.Contains(t, help, "  -"+f.Name, "flag %s", f.Name) })
	assert.NotContains(t, help, "/tmp/", "no temporary build path")
}
