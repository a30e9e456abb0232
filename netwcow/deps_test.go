package netwcow

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoLinuxGuestDependency keeps the two guest platforms apart: a Windows
// guest shim must not link the Linux guest module, on any target OS and not
// even through tests.
func TestNoLinuxGuestDependency(t *testing.T) {
	assertNoDependency(t, "github.com/uvmnet/uvmnet/netwcow", "uvmnet/netlcow")
}

func assertNoDependency(t *testing.T, self, forbidden string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs go list")
	}
	if !inRepository(t) {
		t.Skip("checks the repository's own build: needs the workspace (../go.work using this module), not a copy in a module cache")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go command not found: %v", err)
	}
	for _, goos := range []string{"linux", "windows"} {
		for _, args := range [][]string{
			{"list", "-deps", "./..."},
			{"list", "-deps", "-test", "./..."},
		} {
			cmd := exec.Command(goTool, args...)
			cmd.Env = append(cmd.Environ(), "GOOS="+goos)
			run := "GOOS=" + goos + " go " + strings.Join(args, " ")
			out, err := cmd.Output()
			if ee, ok := err.(*exec.ExitError); ok {
				require.NoError(t, err, "%s\n%s", run, ee.Stderr)
			}
			require.NoError(t, err, run)
			pkgs := strings.Fields(string(out))
			require.True(t, slices.Contains(pkgs, self), "%s did not list %s itself:\n%s", run, self, out)
			for _, p := range pkgs {
				assert.NotContains(t, p, forbidden, "%s: depends on %s", run, p)
			}
		}
	}
}

// inRepository reports whether the package directory sits in the
// repository's layout: a go.work in the parent directory that uses it. Out
// of it (in a consumer's module cache) go list would describe the
// consumer's build, not this module's.
func inRepository(t *testing.T) bool {
	t.Helper()
	wd, err := os.Getwd()
	require.NoError(t, err)
	work, err := os.ReadFile(filepath.Join(wd, "..", "go.work"))
	if err != nil {
		return false
	}
	return strings.Contains(string(work), "./"+filepath.Base(wd)+"\n")
}
