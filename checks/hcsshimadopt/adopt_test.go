package hcsshimadopt_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// removedFromHcsshim is what the adoption deletes from hcsshim's tree: the
// network controller's own implementation, tests and mocks. Its save
// package stays (uvmnet writes the same payload).
var removedFromHcsshim = []string{
	"internal/controller/network/*.go",
	"internal/controller/network/mocks",
}

// callSiteEdit replaces old, which must occur exactly once, with new in
// one of hcsshim's files.
type callSiteEdit struct {
	path, old, new string
}

// callSiteEdits are the changes to hcsshim's own files. The controller's
// API is kept, so its callers compile unchanged; the one change is that a
// pod whose network setup failed tears down what the setup attached, as it
// is not kept and no Delete will reach its network.
var callSiteEdits = []callSiteEdit{{
	path: "cmd/containerd-shim-lcow-v2/service/service_task_internal.go",
	old: `		if err != nil {
			// No cleanup on failure since containerd will send a Delete request.
			return nil, fmt.Errorf("failed to setup network for pod %s: %w", sid, err)
		}`,
	new: `		if err != nil {
			// The pod is not kept, so no Delete reaches its network: undo
			// what Setup attached now.
			if terr := podCtrl.TeardownNetwork(ctx); terr != nil {
				return nil, fmt.Errorf("failed to setup network for pod %s: %w (undo: %w)", sid, err, terr)
			}
			return nil, fmt.Errorf("failed to setup network for pod %s: %w", sid, err)
		}`,
}}

// uvmnetModules are the modules the glue imports, required from this tree.
var uvmnetModules = []string{"hcnhost", "netcore", "netlcow", "netwcow"}

// adoptionBuilds are the go commands that must succeed in the adopted
// tree, for windows: the shim and every package around the network
// controller with the lcow tag, the controller and managers with wcow.
var adoptionBuilds = [][]string{
	{"build", "-trimpath", "-tags", "lcow", "./cmd/containerd-shim-lcow-v2/...", "./internal/controller/...", "./internal/vm/..."},
	{"vet", "-tags", "lcow", "./cmd/containerd-shim-lcow-v2/...", "./internal/controller/network/...", "./internal/controller/pod/...",
		"./internal/controller/vm/...", "./internal/controller/migration/...", "./internal/vm/..."},
	{"build", "-trimpath", "-tags", "wcow", "./internal/controller/network/...", "./internal/vm/..."},
	{"vet", "-tags", "wcow", "./internal/controller/network/...", "./internal/vm/..."},
}

// TestGlueBuildsInHcsshim applies ADOPTING.md to a copy of hcsshim and
// builds and vets the result for windows.
func TestGlueBuildsInHcsshim(t *testing.T) {
	if os.Getenv("UVMNET_HCSSHIM_ADOPT") != "1" {
		t.Skip("builds hcsshim's shim (minutes, and the module proxy): set UVMNET_HCSSHIM_ADOPT=1, or run make hcsshim-adopt")
	}
	root := repoRoot(t)
	tree := filepath.Join(t.TempDir(), "hcsshim")
	copyTree(t, hcsshimDir(t, root), tree)
	adopt(t, root, tree)
	for _, args := range adoptionBuilds {
		cmd := exec.Command("go", args...)
		cmd.Dir = tree
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOOS=windows", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "GOOS=windows go %s:\n%s", strings.Join(args, " "), out)
		t.Logf("GOOS=windows go %s: ok", strings.Join(args, " "))
	}
}

// adopt applies the adoption to the hcsshim tree: removals, glue files,
// call-site edits, and uvmnet's modules in go.mod.
func adopt(t *testing.T, root, tree string) {
	t.Helper()
	for _, pattern := range removedFromHcsshim {
		matches, err := filepath.Glob(filepath.Join(tree, filepath.FromSlash(pattern)))
		require.NoError(t, err)
		require.NotEmpty(t, matches, "nothing to remove at %s", pattern)
		for _, m := range matches {
			require.NoError(t, os.RemoveAll(m))
		}
	}
	copyTree(t, "testdata/glue", tree)
	for _, e := range callSiteEdits {
		path := filepath.Join(tree, filepath.FromSlash(e.path))
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, 1, strings.Count(string(src), e.old), "%s: the text to replace must occur once", e.path)
		require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), e.old, e.new, 1)), 0o644))
	}
	standIn, err := filepath.Abs(filepath.Join("testdata", "cosesign1go"))
	require.NoError(t, err)
	var gomod strings.Builder
	gomod.WriteString("\nrequire (\n")
	for _, m := range uvmnetModules {
		gomod.WriteString("\tgithub.com/uvmnet/uvmnet/" + m + " v0.1.0\n")
	}
	gomod.WriteString(")\n\nreplace (\n\tgithub.com/Microsoft/cosesign1go => " + standIn + "\n")
	for _, m := range uvmnetModules {
		gomod.WriteString("\tgithub.com/uvmnet/uvmnet/" + m + " => " + filepath.Join(root, m) + "\n")
	}
	gomod.WriteString(")\n")
	f, err := os.OpenFile(filepath.Join(tree, "go.mod"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(gomod.String())
	require.NoError(t, err)
	require.NoError(t, f.Close())
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
