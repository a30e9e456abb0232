package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeTree writes files (slash-separated names) under a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
	}
	return root
}

// A small repository in today's shape: b requires a at a version that
// exists nowhere and replaces it, a declares a tool, and go.work lacks the
// versioned replaces.
func brokenTree(t *testing.T) string {
	return writeTree(t, map[string]string{
		"go.work":        "go 1.26.0\n\nuse (\n\t./a\n\t./b\n\t./tools/x\n)\n",
		"versions.txt":   "# comment\na v0.2.0\nb v0.2.0 # trailing comment\n",
		"a/go.mod":       "module github.com/uvmnet/uvmnet/a\n\ngo 1.26.0\n\ntool github.com/uvmnet/uvmnet/tools/x\n\nrequire github.com/uvmnet/uvmnet/tools/x v0.0.0\n",
		"b/go.mod":       "module github.com/uvmnet/uvmnet/b\n\ngo 1.26.0\n\nrequire github.com/uvmnet/uvmnet/a v0.0.0\n\nreplace github.com/uvmnet/uvmnet/a => ../a\n",
		"tools/x/go.mod": "module github.com/uvmnet/uvmnet/tools/x\n\ngo 1.26.0\n",
	})
}

func TestCheckReportsEveryBrokenRule(t *testing.T) {
	r, err := loadRepo(brokenTree(t))
	require.NoError(t, err)
	err = r.check()
	require.Error(t, err, "check passed on a broken tree")
	for _, want := range []string{
		"a/go.mod: published module requires github.com/uvmnet/uvmnet/tools/x, which is not published",
		"a/go.mod: published module declares tool github.com/uvmnet/uvmnet/tools/x",
		"b/go.mod: requires github.com/uvmnet/uvmnet/a v0.0.0, versions.txt says v0.2.0",
		"b/go.mod: replace github.com/uvmnet/uvmnet/a",
		"go.work: missing replace github.com/uvmnet/uvmnet/a v0.2.0 => ./a",
		"go.work: missing replace github.com/uvmnet/uvmnet/b v0.2.0 => ./b",
	} {
		assert.ErrorContains(t, err, want)
	}
}

func TestSetMakesVersionsTrue(t *testing.T) {
	root := brokenTree(t)
	r, err := loadRepo(root)
	require.NoError(t, err)
	require.NoError(t, r.setRequires())
	b, err := os.ReadFile(filepath.Join(root, "b", "go.mod"))
	require.NoError(t, err)
	assert.Contains(t, string(b), "require github.com/uvmnet/uvmnet/a v0.2.0")
	assert.NotContains(t, string(b), "replace")
	r, err = loadRepo(root)
	require.NoError(t, err)
	// Only the rules set cannot fix remain: a's tool and its require of
	// an unpublished module.
	err = r.check()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "b/go.mod")
	assert.NotContains(t, err.Error(), "go.work")
	assert.Equal(t, 2, strings.Count(err.Error(), "\n")+1, "problems left after set:\n%v", err)
}

// The tags come dependencies first, and otherwise in versions.txt's order,
// whatever go.work's: s, which nothing requires and which requires nothing,
// stays first, as listed, although go.work uses it last.
func TestTagsInDependencyOrder(t *testing.T) {
	root := writeTree(t, map[string]string{
		"go.work":      "go 1.26.0\n\nuse (\n\t./z\n\t./m\n\t./a\n\t./s\n)\n",
		"versions.txt": "s v1.2.3\nz v1.2.3\nm v1.2.3\na v1.2.3\n",
		"s/go.mod":     "module github.com/uvmnet/uvmnet/s\n\ngo 1.26.0\n",
		"z/go.mod":     "module github.com/uvmnet/uvmnet/z\n\ngo 1.26.0\n\nrequire github.com/uvmnet/uvmnet/m v1.2.3\n",
		"m/go.mod":     "module github.com/uvmnet/uvmnet/m\n\ngo 1.26.0\n\nrequire github.com/uvmnet/uvmnet/a v1.2.3\n",
		"a/go.mod":     "module github.com/uvmnet/uvmnet/a\n\ngo 1.26.0\n",
	})
	r, err := loadRepo(root)
	require.NoError(t, err)
	var got []string
	for _, m := range r.ordered {
		got = append(got, m.dir)
	}
	assert.Equal(t, []string{"s", "a", "m", "z"}, got, "dependencies first, then versions.txt's order")
}

func TestVersionsFileRejectsBadLines(t *testing.T) {
	for _, bad := range []string{"a 0.1.0\n", "a v0.1\n", "a v2.0.0\n", "a v0.1.0 extra\n", "a v0.1.0\na v0.1.0\n"} {
		root := writeTree(t, map[string]string{"versions.txt": bad})
		_, _, err := readVersions(filepath.Join(root, "versions.txt"))
		assert.Error(t, err, "versions.txt %q accepted", bad)
	}
}
