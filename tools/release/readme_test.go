package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeSnippetsCompile writes the README's compiled blocks into a
// fresh module, one package per guest platform, as a shim author would
// paste them, and vets it, tests included, for linux and windows against
// the tree's modules through a workspace. A snippet that falls behind the
// API fails here; the release rehearsal compiles the same blocks against
// the published zips.
func TestReadmeSnippetsCompile(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Skipf("not in the repository layout: %v", err)
	}
	work, err := os.ReadFile(filepath.Join(root, "go.work"))
	if err != nil {
		t.Skipf("not in the repository layout: %v", err)
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	snippets, err := readmeSnippets(readme)
	require.NoError(t, err)
	names := slices.Sorted(maps.Keys(snippets))
	for _, plat := range []string{"lcow", "wcow"} {
		for _, file := range []string{"shim.go", "shim_test.go"} {
			assert.Contains(t, names, plat+"/"+file, "README: the %s shim's %s, verbatim", plat, file)
		}
	}
	// Verbatim for its platform: a block names nothing of the other one.
	for name, code := range snippets {
		other := map[string]string{"lcow/": "wcow", "wcow/": "lcow"}[name[:min(5, len(name))]]
		if other != "" {
			assert.NotContains(t, string(code), "/net"+other+"\"", "%s imports the other platform", name)
			assert.NotContains(t, string(code), "/conformance/"+other+"\"", "%s imports the other platform", name)
		}
	}

	dir := t.TempDir()
	_, err = writeSnippets(dir, snippets)
	require.NoError(t, err)
	write(t, filepath.Join(dir, "go.mod"), "module example.com/shim\n\ngo 1.26.8\n")
	// The tree's workspace, its directories made absolute, with the shim
	// module added: the snippets see exactly what the tree would publish.
	rel := regexp.MustCompile(`(?m)(^\s*|=>\s*)\./`)
	ws := rel.ReplaceAllString(string(work), "${1}"+filepath.ToSlash(root)+"/")
	ws = strings.Replace(ws, "use (", "use (\n\t"+filepath.ToSlash(dir), 1)
	write(t, filepath.Join(dir, "go.work"), ws)

	for _, goos := range []string{"linux", "windows"} {
		cmd := exec.Command("go", "vet", "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOWORK="+filepath.Join(dir, "go.work"), "GOFLAGS=-mod=readonly")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		assert.NoError(t, cmd.Run(), "README snippets do not compile for %s:\n%s", goos, out.String())
	}
}

func TestReadmeSnippetsByPlatform(t *testing.T) {
	readme := []byte("intro\n<!-- compiled: lcow/shim.go -->\n```go\npackage shim // lcow\n```\n" +
		"<!-- compiled: wcow/shim.go -->\n```go\npackage shim // wcow\n```\n" +
		"<!-- compiled: doc.go -->\n```go\npackage shim // both\n```\n" +
		"```go\npackage notmarked\n```\n")
	snippets, err := readmeSnippets(readme)
	require.NoError(t, err)
	assert.Len(t, snippets, 3)

	dir := t.TempDir()
	platforms, err := writeSnippets(dir, snippets)
	require.NoError(t, err)
	assert.Equal(t, []string{"lcow", "wcow"}, platforms)
	for path, want := range map[string]string{
		"lcow/shim.go": "package shim // lcow\n",
		"wcow/shim.go": "package shim // wcow\n",
		"lcow/doc.go":  "package shim // both\n",
		"wcow/doc.go":  "package shim // both\n",
	} {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		require.NoError(t, err)
		assert.Equal(t, want, string(got), path)
	}

	_, err = readmeSnippets(append(readme, "<!-- compiled: doc.go -->\n```go\npackage again\n```\n"...))
	assert.ErrorContains(t, err, "two blocks are marked compiled: doc.go")
	_, err = readmeSnippets([]byte("no blocks"))
	assert.Error(t, err)
}

func write(t *testing.T, name, data string) {
	t.Helper()
	require.NoError(t, os.WriteFile(name, []byte(data), 0o644))
}
