package realguest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"
)

// uvmnetModules are the modules the harness imports, required from this
// tree (conformance for its simulated Linux guest agent, which needs
// netwcow too).
var uvmnetModules = []string{"netcore", "netlcow", "netwcow", "conformance"}

// harnessPackage is where testdata/tree puts the harness in the copy.
const harnessPackage = "./internal/uvmnetcheck"

// TestRealGuestAgent builds the harness in a copy of hcsshim and runs it,
// in private mount and network namespaces, against the real Linux guest
// agent.
func TestRealGuestAgent(t *testing.T) {
	if os.Getenv("UVMNET_REALGUEST") != "1" {
		t.Skip("builds hcsshim's guest agent (about a minute) and runs it as root in private namespaces: set UVMNET_REALGUEST=1, or run make realguest")
	}
	if runtime.GOOS != "linux" {
		t.Skipf("the real Linux guest agent runs only on Linux (GOOS=%s)", runtime.GOOS)
	}
	if os.Geteuid() != 0 {
		t.Skipf("needs root for private mount and network namespaces (euid %d); CI runs as root", os.Geteuid())
	}
	root := repoRoot(t)
	tree := filepath.Join(t.TempDir(), "hcsshim")
	if keep := os.Getenv("UVMNET_REALGUEST_TREE"); keep != "" {
		// Keeps the prepared tree, to rebuild and rerun the harness in it.
		require.NoError(t, os.RemoveAll(keep))
		tree = keep
	}
	start := time.Now()
	copyTree(t, hcsshimDir(t, root), tree)
	portHostSide(t, tree)
	copyTree(t, filepath.Join("testdata", "tree"), tree)
	pointAtTree(t, root, tree)

	bin := filepath.Join(t.TempDir(), "harness.test")
	build := exec.Command("go", "test", "-c", "-o", bin, harnessPackage)
	build.Dir = tree
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "building the harness in hcsshim's tree:\n%s", out)
	t.Logf("harness built in %s", time.Since(start).Round(100*time.Millisecond))

	start = time.Now()
	args := []string{"-test.v", "-test.count=1", "-test.timeout=5m"}
	if testing.Short() {
		args = append(args, "-test.short")
	}
	run := exec.Command(bin, args...)
	run.Dir = filepath.Join(tree, filepath.FromSlash(harnessPackage))
	run.Env = append(os.Environ(), "UVMNET_REALGUEST_NAMESPACES=1")
	inPrivateNamespaces(run)
	out, err = run.CombinedOutput()
	t.Logf("harness output:\n%s", out)
	require.NoError(t, err, "the harness failed")
	counts := map[string]int{}
	for _, m := range testResult.FindAllStringSubmatch(string(out), -1) {
		counts[m[1]]++
	}
	t.Logf("harness: %d passed, %d failed, %d skipped in %s", counts["PASS"], counts["FAIL"], counts["SKIP"], time.Since(start).Round(100*time.Millisecond))
	require.NotZero(t, counts["PASS"], "no harness test ran")
	require.Zero(t, counts["SKIP"], "a harness test skipped inside the namespaces")
}

// testResult matches a test's result line in go test -v output.
var testResult = regexp.MustCompile(`(?m)^\s*--- (PASS|FAIL|SKIP): `)

// pointAtTree requires uvmnet's modules from this tree, and the
// cosesign1go stand-in of checks/hcsshimadopt, in the copy's go.mod.
func pointAtTree(t *testing.T, root, tree string) {
	t.Helper()
	path := filepath.Join(tree, "go.mod")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := modfile.Parse(path, data, nil)
	require.NoError(t, err)
	require.NoError(t, f.AddReplace("github.com/Microsoft/cosesign1go", "", filepath.Join(root, "checks", "hcsshimadopt", "testdata", "cosesign1go"), ""))
	for _, m := range uvmnetModules {
		mod := "github.com/uvmnet/uvmnet/" + m
		require.NoError(t, f.AddRequire(mod, "v0.1.0"))
		require.NoError(t, f.AddReplace(mod, "", filepath.Join(root, m), ""))
	}
	data, err = f.Format()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, data, 0o644))
}
