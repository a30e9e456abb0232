package upstreamsuite_test

// The helpers below are checks/hcsshimadopt's (hcsshim_test.go): each
// unpublished check module builds alone, so each holds its own copy.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// repoRoot returns the repository's root, two levels up, or skips the test
// when the module is not in the repository's layout (a copy in a module
// cache has no siblings to build against).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "go.work")); err != nil {
		t.Skipf("not in the repository layout: %v", err)
	}
	return root
}

// hcsshimRequire finds the hcsshim require of a go.mod.
var hcsshimRequire = regexp.MustCompile(`(?m)^\s*(?:require\s+)?github\.com/Microsoft/hcsshim\s+(v\S+)`)

// hcsshimDir returns the module cache directory of hcsshim at the version
// hcnhost requires, downloading it if needed.
func hcsshimDir(t *testing.T, root string) string {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join(root, "hcnhost", "go.mod"))
	require.NoError(t, err)
	m := hcsshimRequire.FindSubmatch(gomod)
	require.NotNil(t, m, "hcnhost/go.mod does not require github.com/Microsoft/hcsshim")
	cmd := exec.Command("go", "mod", "download", "-json", "github.com/Microsoft/hcsshim@"+string(m[1]))
	cmd.Dir = t.TempDir() // outside every module: download only
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	require.NoError(t, err, "go mod download: %s", stderrOf(err))
	var mod struct{ Dir, Error string }
	require.NoError(t, json.Unmarshal(out, &mod))
	require.Empty(t, mod.Error)
	return mod.Dir
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
