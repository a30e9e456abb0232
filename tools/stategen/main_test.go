package main

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"time"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmgen"
	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

// TestLimits generates the largest machine the uint8 types allow: 255
// states, so that the no-transition mark 0xFF stays free, and 64 events,
// one per bit of the event set.
func TestLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("machine Big\npackage big\ninitial S0\nterminal S254\n")
	for i := range fsmspec.MaxStates {
		fmt.Fprintf(&b, "state S%d  State %d.\n", i, i)
	}
	for i := range fsmspec.MaxEvents {
		fmt.Fprintf(&b, "event E%d  Event %d.\n", i, i)
	}
	for i := range fsmspec.MaxStates - 1 {
		fmt.Fprintf(&b, "S%d --E%d--> S%d\n", i, i%fsmspec.MaxEvents, i+1)
	}
	fmt.Fprintf(&b, "S0 --E63--> S254\n")
	m, errs := fsmspec.Parse("big.fsm", []byte(b.String()))
	require.Empty(t, errs)
	code, err := fsmgen.Go(m, fsmgen.GoConfig{Package: "big", Names: fsmgen.NewNames("State", "Event"), Source: "big.fsm"})
	require.NoError(t, err)
	_, err = parser.ParseFile(token.NewFileSet(), "big_fsm.go", code, 0)
	require.NoError(t, err)
	for _, want := range []string{
		"_StateCount State = 255",
		"_EventCount Event = 64",
		"EventE63: StateS254,",
	} {
		assert.Contains(t, string(code), want)
	}
}

// TestUnchangedOutputsKeepTheirMtime runs the command twice; the second
// run must not touch the files, so that builds and editors see no change.
func TestUnchangedOutputsKeepTheirMtime(t *testing.T) {
	dir := t.TempDir()
	spec := "machine M\npackage m\ninitial A\nterminal B\nstate A  a.\nstate B  b.\nevent Go  go.\nA --Go--> B\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m.fsm"), []byte(spec), 0o644))
	doc := "// Package m.\n//\n//\tstategen:begin m\n//\tstategen:end m\npackage m\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "doc.go"), []byte(doc), 0o644))
	e := env{dir: dir, getenv: func(string) string { return "" }}
	runStategen(t, e, "-doc", "doc.go", "m.fsm")
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	outputs := []string{"m_fsm.go", "m.mmd", "doc.go"}
	for _, f := range outputs {
		require.NoError(t, os.Chtimes(filepath.Join(dir, f), old, old))
	}
	runStategen(t, e, "-doc", "doc.go", "m.fsm")
	for _, f := range outputs {
		info, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.True(t, info.ModTime().Equal(old), "%s was rewritten", f)
	}
	// A change rewrites only what changed, and leaves no temporary file.
	spec = strings.Replace(spec, "state B  b.", "state B  bee.", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m.fsm"), []byte(spec), 0o644))
	runStategen(t, e, "-doc", "doc.go", "m.fsm")
	for _, f := range outputs {
		info, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		// Only the Go file carries doc text; the diagram and the doc table
		// show names only.
		changed := f == "m_fsm.go"
		assert.Equal(t, changed, !info.ModTime().Equal(old), "%s rewritten", f)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 4, "the spec and 3 outputs, no temporary file")
}

func TestHelpAndBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"-h"}, exitOK},
		{[]string{"-nosuchflag", "x.fsm"}, exitUsage},
		{[]string{}, exitUsage},
		{[]string{"-o=", "x.fsm"}, exitUsage},
		{[]string{"-package", "a-b", "x.fsm"}, exitUsage},
		{[]string{"-readme", "doc.go", "-doc", "doc.go", "x.fsm"}, exitUsage},
		{[]string{"missing.fsm"}, exitFail},
	} {
		var stderr bytes.Buffer
		code := run(c.args, env{dir: t.TempDir(), getenv: func(string) string { return "" }}, &stderr)
		assert.Equal(t, c.code, code, "stategen %v:\n%s", c.args, stderr.String())
		if code != exitOK {
			assert.NotZero(t, stderr.Len(), "stategen %v: no message", c.args)
		}
	}
}
