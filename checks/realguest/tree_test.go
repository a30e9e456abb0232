package realguest_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"
)

// The helpers here take hcsshim's tree as checks/hcsshimadopt takes it;
// the two modules are unpublished and cannot import each other's tests.

// repoRoot returns the repository's root, two levels up, or skips the test
// when the module is not in the repository's layout.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "go.work")); err != nil {
		t.Skipf("not in the repository layout: %v", err)
	}
	return root
}

// hcsshimModule is hcsshim's module path.
const hcsshimModule = "github.com/Microsoft/hcsshim"

// hcsshimDir returns the module cache directory of hcsshim at the version
// hcnhost requires, downloading it if needed.
func hcsshimDir(t *testing.T, root string) string {
	t.Helper()
	path := filepath.Join(root, "hcnhost", "go.mod")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	f, err := modfile.ParseLax(path, data, nil)
	require.NoError(t, err)
	version := ""
	for _, r := range f.Require {
		if r.Mod.Path == hcsshimModule {
			version = r.Mod.Version
		}
	}
	require.NotEmpty(t, version, "hcnhost/go.mod does not require %s", hcsshimModule)
	cmd := exec.Command("go", "mod", "download", "-json", hcsshimModule+"@"+version)
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

// copyTree copies the files under src into dst, writable (the module
// cache's are read-only).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	require.NoError(t, err)
}
