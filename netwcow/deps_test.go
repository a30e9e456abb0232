package netwcow

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
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
			out, err := cmd.Output()
			if err != nil {
				msg := ""
				if ee, ok := err.(*exec.ExitError); ok {
					msg = string(ee.Stderr)
				}
				t.Fatalf("GOOS=%s go %s: %v\n%s", goos, strings.Join(args, " "), err, msg)
			}
			pkgs := strings.Fields(string(out))
			if !slices.Contains(pkgs, self) {
				t.Fatalf("GOOS=%s go %s did not list %s itself:\n%s", goos, strings.Join(args, " "), self, out)
			}
			for _, p := range pkgs {
				if strings.Contains(p, forbidden) {
					t.Errorf("GOOS=%s go %s: depends on %s", goos, strings.Join(args, " "), p)
				}
			}
		}
	}
}
