package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (slash-separated names) under a new directory.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
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
	if err != nil {
		t.Fatal(err)
	}
	err = r.check()
	if err == nil {
		t.Fatal("check passed on a broken tree")
	}
	for _, want := range []string{
		"a/go.mod: published module requires github.com/uvmnet/uvmnet/tools/x, which is not published",
		"a/go.mod: published module declares tool github.com/uvmnet/uvmnet/tools/x",
		"b/go.mod: requires github.com/uvmnet/uvmnet/a v0.0.0, versions.txt says v0.2.0",
		"b/go.mod: replace github.com/uvmnet/uvmnet/a",
		"go.work: missing replace github.com/uvmnet/uvmnet/a v0.2.0 => ./a",
		"go.work: missing replace github.com/uvmnet/uvmnet/b v0.2.0 => ./b",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("check does not report %q; it reports:\n%v", want, err)
		}
	}
}

func TestSetMakesVersionsTrue(t *testing.T) {
	root := brokenTree(t)
	r, err := loadRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.setRequires(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "b", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); !strings.Contains(got, "require github.com/uvmnet/uvmnet/a v0.2.0") || strings.Contains(got, "replace") {
		t.Errorf("b/go.mod after set:\n%s", got)
	}
	r, err = loadRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	// Only the rules set cannot fix remain: a's tool and its require of
	// an unpublished module.
	err = r.check()
	if err == nil || strings.Contains(err.Error(), "b/go.mod") || strings.Contains(err.Error(), "go.work") {
		t.Errorf("check after set: %v", err)
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 2 {
		t.Errorf("check after set reports %d problems, want 2:\n%v", n, err)
	}
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
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range r.ordered {
		got = append(got, m.dir)
	}
	if strings.Join(got, " ") != "s a m z" {
		t.Errorf("tag order %v, want dependencies first, then versions.txt's order: s a m z", got)
	}
}

func TestVersionsFileRejectsBadLines(t *testing.T) {
	for _, bad := range []string{"a 0.1.0\n", "a v0.1\n", "a v2.0.0\n", "a v0.1.0 extra\n", "a v0.1.0\na v0.1.0\n"} {
		root := writeTree(t, map[string]string{"versions.txt": bad})
		if _, _, err := readVersions(filepath.Join(root, "versions.txt")); err == nil {
			t.Errorf("versions.txt %q accepted", bad)
		}
	}
}

func TestProxyServesEachModuleAsTagged(t *testing.T) {
	root := writeTree(t, map[string]string{
		"go.work":          "go 1.26.0\n\nuse (\n\t./a\n\t./a/nested\n)\n\nreplace github.com/uvmnet/uvmnet/a v0.3.0 => ./a\n",
		"versions.txt":     "a v0.3.0\n",
		"a/go.mod":         "module github.com/uvmnet/uvmnet/a\n\ngo 1.26.0\n",
		"a/a.go":           "package a\n",
		"a/nested/go.mod":  "module github.com/uvmnet/uvmnet/a/nested\n\ngo 1.26.0\n",
		"a/nested/nest.go": "package nested\n",
	})
	r, err := loadRepo(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.check(); err != nil {
		t.Fatal(err)
	}
	proxy := t.TempDir()
	var out strings.Builder
	if err := r.writeProxy(proxy, &out); err != nil {
		t.Fatal(err)
	}
	vdir := filepath.Join(proxy, "github.com", "uvmnet", "uvmnet", "a", "@v")
	for name, want := range map[string]string{
		"list":        "v0.3.0\n",
		"v0.3.0.mod":  "module github.com/uvmnet/uvmnet/a\n\ngo 1.26.0\n",
		"v0.3.0.info": `"Version":"v0.3.0"`,
	} {
		data, err := os.ReadFile(filepath.Join(vdir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), want) {
			t.Errorf("%s = %q, want %q in it", name, data, want)
		}
	}
	zr, err := zip.OpenReader(filepath.Join(vdir, "v0.3.0.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := "github.com/uvmnet/uvmnet/a@v0.3.0/a.go github.com/uvmnet/uvmnet/a@v0.3.0/go.mod"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("zip holds %s, want %s (a nested module is not part of its parent)", got, want)
	}
	if !strings.Contains(out.String(), "github.com/uvmnet/uvmnet/a v0.3.0 h1:") {
		t.Errorf("proxy output names no hash: %q", out.String())
	}
	if _, err := os.Stat(filepath.Join(proxy, "github.com", "uvmnet", "uvmnet", "a", "nested")); err == nil {
		t.Error("the proxy serves a module versions.txt does not publish")
	}
}
