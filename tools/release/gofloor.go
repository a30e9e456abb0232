package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/mod/semver"
)

// goFloor checks that every module's go line is the lowest its dependencies
// allow: the highest go line among the modules it requires (the go command
// refuses a go.mod whose go line is below a dependency's). A go line above
// that floor would make every consumer of the module upgrade for nothing.
func (r *repo) goFloor(w io.Writer) error {
	var bad []string
	for _, m := range r.mods {
		tmp, err := r.aloneModFile(m)
		if err != nil {
			os.RemoveAll(tmp)
			return err
		}
		cmd := exec.Command("go", "list", "-m", "-f", "{{if not .Main}}{{.Path}} {{.GoVersion}}{{end}}", "all")
		cmd.Dir = filepath.Join(r.root, m.dir)
		cmd.Env = aloneEnv(tmp)
		out, err := cmd.Output()
		os.RemoveAll(tmp)
		if err != nil {
			return fmt.Errorf("%s: go list -m all: %w", m.dir, err)
		}
		floor, by := "1.0", "(none)"
		for _, line := range strings.Split(string(out), "\n") {
			path, v, ok := strings.Cut(line, " ")
			if ok && v != "" && compareGo(v, floor) > 0 {
				floor, by = v, path
			}
		}
		have := m.file.Go.Version
		fmt.Fprintf(w, "go line: %-18s go %-7s floor %-7s set by %s\n", m.dir, have, floor, by)
		if compareGo(have, floor) > 0 {
			bad = append(bad, fmt.Sprintf("%s says go %s, its dependencies need only %s", m.dir, have, floor))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("go lines above their floor: %s", strings.Join(bad, "; "))
	}
	return nil
}

func compareGo(a, b string) int {
	return semver.Compare("v"+a, "v"+b)
}
