package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A message names the spec as given, relative to where the command was
// started; under go generate, which starts it in the package directory
// rather than where `go generate ./...` was typed, it names it absolute.
func TestMessagesNameFilesResolvably(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "gen"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "pkg"), 0o755))
	spec := "machine M\npackage m\nintial A\n"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "gen", "m.fsm"), []byte(spec), 0o644))

	runIn := func(environ map[string]string) string {
		var stderr bytes.Buffer
		code := run([]string{"../gen/m.fsm"}, env{dir: filepath.Join(dir, "pkg"), getenv: func(k string) string { return environ[k] }}, &stderr)
		assert.Equal(t, exitFail, code)
		return stderr.String()
	}

	byHand := runIn(nil)
	assert.Contains(t, byHand, "../gen/m.fsm:3:1: unknown directive \"intial\"")

	generated := runIn(map[string]string{"GOFILE": "generate.go", "GOPACKAGE": "m"})
	assert.Contains(t, generated, filepath.Join(dir, "gen", "m.fsm")+":3:1: unknown directive \"intial\"")
	assert.NotContains(t, generated, "..", "a path under go generate must not depend on the package directory")

	var stderr bytes.Buffer
	code := run([]string{"missing.fsm"}, env{dir: filepath.Join(dir, "pkg"), getenv: func(k string) string {
		return map[string]string{"GOFILE": "generate.go"}[k]
	}}, &stderr)
	assert.Equal(t, exitFail, code)
	assert.Contains(t, stderr.String(), filepath.Join(dir, "pkg", "missing.fsm"), "an unreadable spec is named absolute too")
}
