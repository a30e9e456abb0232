package main

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notInShimBuilds are the published modules whose packages a shim's
// binary never links, and why they may import testing.
var notInShimBuilds = map[string]string{
	"conformance": "the conformance suite takes a *testing.T; a shim imports it from tests",
	// golang.org/x/tools/imports, which formats the generated code,
	// reaches testing through x/tools/internal/modindex.
	"tools/stategen": "a code generator that go generate runs, never linked into a shim",
}

// testOnlyPackages are packages of the other published modules that are
// meant for _test.go files only, each saying so in its package doc. There
// are none: the shared benchmarks and platform checks, which take a
// *testing.B or *testing.T, live in the unpublished checks/guestplatforms.
var testOnlyPackages = map[string]bool{}

// TestProductionPackagesDoNotImportTesting lists, for linux and windows,
// the dependencies of every package a shim's build may import (every
// package of the published modules but those above) and
// fails if one of them reaches the testing package: a shim binary would
// then link the test framework and register its flags.
func TestProductionPackagesDoNotImportTesting(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	r, err := loadRepo("../..")
	if err != nil {
		t.Skipf("not in the repository layout: %v", err)
	}
	var patterns []string
	for _, m := range r.ordered {
		if _, skip := notInShimBuilds[m.dir]; !skip {
			patterns = append(patterns, m.path+"/...")
		}
	}
	require.NotEmpty(t, patterns)

	for _, goos := range []string{"linux", "windows"} {
		cmd := exec.Command("go", append([]string{"list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}"}, patterns...)...)
		cmd.Dir = filepath.Join(r.root, "netcore") // inside the workspace
		cmd.Env = append(cmd.Environ(), "GOOS="+goos)
		out, err := cmd.Output()
		require.NoError(t, err, "go list for %s: %s", goos, stderrOf(err))

		var checked []string
		for line := range strings.Lines(string(out)) {
			fields := strings.Fields(line)
			if len(fields) == 0 || testOnlyPackages[fields[0]] {
				continue
			}
			checked = append(checked, fields[0])
			assert.False(t, slices.Contains(fields[1:], "testing"), "GOOS=%s: %s imports testing, directly or not", goos, fields[0])
		}
		for _, dir := range []string{"netcore", "netcore/nettest", "netcore/hcsmodify/hcsmodifytest", "netlcow", "netwcow", "hcnhost"} {
			assert.Contains(t, checked, repoPath+"/"+dir, "GOOS=%s: the check must cover it", goos)
		}
	}
}

// stderrOf returns what a failed command wrote to its standard error.
func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
