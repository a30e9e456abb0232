package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// compiledBlock matches a README code block that a shim author copies: the
// marker names the file it becomes in a module of the shim's own.
var compiledBlock = regexp.MustCompile("(?s)<!-- compiled: ([a-z_]+\\.go) -->\\s*```go\\n(.*?)```")

// TestReadmeSnippetsCompile writes every marked Go block of the README
// into a fresh module, as a shim author would paste them, and vets it,
// tests included, for linux and windows against the tree's modules
// through a workspace. A snippet that falls behind the API fails here.
func TestReadmeSnippetsCompile(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
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
	blocks := compiledBlock.FindAllSubmatch(readme, -1)
	if len(blocks) < 2 {
		t.Fatalf("found %d compiled blocks in README.md; want the wiring and the conformance test", len(blocks))
	}

	dir := t.TempDir()
	for _, b := range blocks {
		if err := os.WriteFile(filepath.Join(dir, string(b[1])), b[2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "go.mod"), "module example.com/shim\n\ngo 1.26.8\n")
	// The tree's workspace, its directories made absolute, with the shim
	// module added: the snippets see exactly what a release would serve.
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
		if err := cmd.Run(); err != nil {
			t.Errorf("README snippets do not compile for %s: %v\n%s", goos, err, out.String())
		}
	}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
