package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// aloneModFile writes, in a new temporary directory, a copy of m's go.mod
// and go.sum in which every module of this repository is replaced by its
// directory in the tree. With GOWORK=off and -modfile pointing at it, the go
// command sees m as a consumer would, with each sibling at the content a
// tag of the tree would publish, and without the workspace's other
// requirements. The go.mod in the tree is never written. The caller removes
// the directory.
func (r *repo) aloneModFile(m *mod) (tmp string, err error) {
	f, err := readModFile(filepath.Join(r.root, m.dir, "go.mod"))
	if err != nil {
		return "", err
	}
	for _, s := range r.mods {
		if s != m {
			if err := f.AddReplace(s.path, "", filepath.Join(r.root, s.dir), ""); err != nil {
				return "", err
			}
		}
	}
	data, err := f.Format()
	if err != nil {
		return "", err
	}
	tmp, err = os.MkdirTemp("", "release-alone-")
	if err != nil {
		return "", err
	}
	sum, err := os.ReadFile(filepath.Join(r.root, m.dir, "go.sum"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return tmp, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), data, 0o644); err != nil {
		return tmp, err
	}
	return tmp, os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644)
}

// aloneEnv is the environment for a go command run in module m alone.
func aloneEnv(tmp string, extraFlags ...string) []string {
	flags := append(strings.Fields(os.Getenv("GOFLAGS")), extraFlags...)
	flags = append(flags, "-modfile="+filepath.Join(tmp, "go.mod"))
	return append(os.Environ(), "GOWORK=off", "GOFLAGS="+strings.Join(flags, " "))
}

func (r *repo) byDir(dir string) (*mod, error) {
	dir = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(dir)), "./")
	for _, m := range r.mods {
		if m.dir == dir {
			return m, nil
		}
	}
	return nil, fmt.Errorf("%s is not a module of go.work", dir)
}

// alone runs args in module dir with GOWORK=off, siblings from the tree.
func (r *repo) alone(dir string, args []string) error {
	m, err := r.byDir(dir)
	if err != nil {
		return err
	}
	tmp, err := r.aloneModFile(m)
	defer os.RemoveAll(tmp)
	if err != nil {
		return err
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = filepath.Join(r.root, m.dir)
	cmd.Env = aloneEnv(tmp)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %s: %w", m.dir, strings.Join(args, " "), err)
	}
	return nil
}

// tidy runs go mod tidy for every module alone. The result, with the
// temporary replace directives taken out again, is what the module's go.mod
// and go.sum must hold: check reports any difference, otherwise they are
// written back.
func (r *repo) tidy(check bool, w io.Writer) error {
	var stale []string
	for _, m := range r.mods {
		mod, sum, err := r.tidyOne(m)
		if err != nil {
			return err
		}
		for name, want := range map[string][]byte{"go.mod": mod, "go.sum": sum} {
			path := filepath.Join(r.root, m.dir, name)
			have, err := os.ReadFile(path)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				return err
			}
			if bytes.Equal(have, want) {
				continue
			}
			if check {
				stale = append(stale, m.dir+"/"+name)
				fmt.Fprintf(w, "--- %s/%s is not tidy; it should read:\n%s\n", m.dir, name, want)
				continue
			}
			if len(want) == 0 {
				err = os.Remove(path)
			} else {
				err = os.WriteFile(path, want, 0o644)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "tidied %s/%s\n", m.dir, name)
		}
		if check {
			fmt.Fprintf(w, "tidy: %s\n", m.dir)
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("not tidy: %s (run: make tidy)", strings.Join(stale, ", "))
	}
	return nil
}

func (r *repo) tidyOne(m *mod) (gomod, gosum []byte, err error) {
	tmp, err := r.aloneModFile(m)
	defer os.RemoveAll(tmp)
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = filepath.Join(r.root, m.dir)
	cmd.Env = append(aloneEnv(tmp), "GOFLAGS=-modfile="+filepath.Join(tmp, "go.mod"))
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("%s: go mod tidy: %w\n%s", m.dir, err, out)
	}
	f, err := readModFile(filepath.Join(tmp, "go.mod"))
	if err != nil {
		return nil, nil, err
	}
	for _, s := range r.mods {
		if s != m {
			if err := f.DropReplace(s.path, ""); err != nil {
				return nil, nil, err
			}
		}
	}
	// A require tidy added for a sibling names a pseudo-version: set the
	// released one, as make set-versions would.
	for _, req := range r.siblings(f) {
		if dep := r.byPath[req.Mod.Path]; dep.version != "" && req.Mod.Version != dep.version {
			if err := f.AddRequire(dep.path, dep.version); err != nil {
				return nil, nil, err
			}
		}
	}
	f.Cleanup()
	if gomod, err = f.Format(); err != nil {
		return nil, nil, err
	}
	gosum, err = os.ReadFile(filepath.Join(tmp, "go.sum"))
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return gomod, gosum, err
}
