package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/dirhash"
)

// gitRepoOf writes files into a new git repository, commits them all,
// and tags the commit with each of tags.
func gitRepoOf(t *testing.T, files map[string]string, tags ...string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command")
	}
	root := writeTree(t, files)
	run := func(args ...string) {
		t.Helper()
		_, err := git(root, append([]string{"-c", "user.name=release test", "-c", "user.email=release@test.invalid"}, args...)...)
		require.NoError(t, err)
	}
	run("init", "--quiet")
	run("add", "--all")
	run("commit", "--quiet", "--message", "the tree")
	for _, tag := range tags {
		run("tag", "--annotate", "--message", tag, tag)
	}
	return root
}

// The repository of the proxy tests: module a, with a nested module, a
// file git must not export and one with an export-subst placeholder
// (the go command ignores both attributes), an ignored file, and the
// license at the root only.
var taggedTree = map[string]string{
	"LICENSE":          "The license of the whole repository.\n",
	".gitattributes":   "a/skipped.go export-ignore\na/subst.go export-subst\n",
	".gitignore":       "a/ignored.go\n",
	"go.work":          "go 1.26.0\n\nuse (\n\t./a\n\t./a/nested\n)\n\nreplace github.com/uvmnet/uvmnet/a v0.3.0 => ./a\n",
	"versions.txt":     "a v0.3.0\n",
	"a/go.mod":         "module github.com/uvmnet/uvmnet/a\n\ngo 1.26.0\n",
	"a/a.go":           "package a\n",
	"a/skipped.go":     "package a\n",
	"a/subst.go":       "package a\n\n// $Format:%H$\n",
	"a/nested/go.mod":  "module github.com/uvmnet/uvmnet/a/nested\n\ngo 1.26.0\n",
	"a/nested/nest.go": "package nested\n",
}

// writeTaggedProxy makes the repository, adds files that are on disk but
// not committed, and writes the proxy of HEAD.
func writeTaggedProxy(t *testing.T) (root, proxy, output string) {
	root = gitRepoOf(t, taggedTree, "a/v0.3.0")
	for name, data := range map[string]string{
		"a/ignored.go":   "package a\n",
		"a/untracked.go": "package a\n",
		"a/go.mod":       "module github.com/uvmnet/uvmnet/a\n\ngo 1.26.0 // edited, not committed\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte(data), 0o644))
	}
	r, err := loadRepo(root)
	require.NoError(t, err)
	require.NoError(t, r.check())
	proxy = t.TempDir()
	var out strings.Builder
	require.NoError(t, r.writeProxy(proxy, "HEAD", &out))
	return root, proxy, out.String()
}

func TestProxyServesTheCommitAsTagged(t *testing.T) {
	_, proxy, output := writeTaggedProxy(t)

	vdir := filepath.Join(proxy, "github.com", "uvmnet", "uvmnet", "a", "@v")
	for name, want := range map[string]string{
		"list":        "v0.3.0\n",
		"v0.3.0.mod":  "module github.com/uvmnet/uvmnet/a\n\ngo 1.26.0\n",
		"v0.3.0.info": `"Version":"v0.3.0"`,
	} {
		data, err := os.ReadFile(filepath.Join(vdir, name))
		require.NoError(t, err)
		assert.Contains(t, string(data), want, name)
	}
	mod, err := os.ReadFile(filepath.Join(vdir, "v0.3.0.mod"))
	require.NoError(t, err)
	assert.NotContains(t, string(mod), "edited", "the .mod must be the committed go.mod")

	zr, err := zip.OpenReader(filepath.Join(vdir, "v0.3.0.zip"))
	require.NoError(t, err)
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		files[strings.TrimPrefix(f.Name, "github.com/uvmnet/uvmnet/a@v0.3.0/")] = string(data)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	assert.Equal(t, []string{"LICENSE", "a.go", "go.mod", "skipped.go", "subst.go"}, names,
		"committed files only, export-ignore ignored, the root LICENSE added, the nested module left out")
	assert.Equal(t, taggedTree["LICENSE"], files["LICENSE"])
	assert.Equal(t, taggedTree["a/subst.go"], files["subst.go"], "export-subst must not rewrite the file")
	assert.Equal(t, taggedTree["a/go.mod"], files["go.mod"])

	assert.Contains(t, output, "the working tree differs from")
	assert.Contains(t, output, "github.com/uvmnet/uvmnet/a v0.3.0 h1:")
	_, err = os.Stat(filepath.Join(proxy, "github.com", "uvmnet", "uvmnet", "a", "nested"))
	assert.ErrorIs(t, err, os.ErrNotExist, "the proxy serves a module versions.txt does not publish")
}

// TestProxyHashesAreATagsHashes has the go command itself download the
// tag from the test repository, over git as it fetches any module without
// a proxy (GOPROXY=direct; git's url.<base>.insteadOf points the module's
// GitHub address at the local repository), and compares the h1: hashes
// of its zip and go.mod with the proxy's. A consumer's go.sum is therefore
// the same whether it got the module from the rehearsal or from the tag.
func TestProxyHashesAreATagsHashes(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	root, proxy, _ := writeTaggedProxy(t)

	modcache := t.TempDir()
	cmd := exec.Command("go", "mod", "download", "-json", "github.com/uvmnet/uvmnet/a@v0.3.0")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(),
		"GOPROXY=direct", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local",
		"GOFLAGS=-modcacherw", "GOMODCACHE="+modcache,
		"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_CONFIG_COUNT=1",
		"GIT_CONFIG_KEY_0=url.file://"+filepath.ToSlash(root)+".insteadOf",
		"GIT_CONFIG_VALUE_0=https://github.com/uvmnet/uvmnet",
	)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "go mod download from the tag: %s%s", out, stderr.String())
	var fromTag struct{ Zip, Sum, GoModSum string }
	require.NoError(t, json.Unmarshal(out, &fromTag))

	vdir := filepath.Join(proxy, "github.com", "uvmnet", "uvmnet", "a", "@v")
	zipSum, err := dirhash.HashZip(filepath.Join(vdir, "v0.3.0.zip"), dirhash.Hash1)
	require.NoError(t, err)
	modSum, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return os.Open(filepath.Join(vdir, "v0.3.0.mod"))
	})
	require.NoError(t, err)
	assert.Equal(t, fromTag.Sum, zipSum, "zip hash: the tag's vs the rehearsal proxy's")
	assert.Equal(t, fromTag.GoModSum, modSum, "go.mod hash: the tag's vs the rehearsal proxy's")
}
