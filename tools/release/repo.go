package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// repoPath is the import path of the repository root: every module's path
// is repoPath + "/" + its directory, which is what lets a `<dir>/vX.Y.Z` tag
// publish that module.
const repoPath = "github.com/uvmnet/uvmnet"

// versionsFile lists the published modules and the version each is
// released at, one "<dir> <version>" per line.
const versionsFile = "versions.txt"

// mod is one module of the workspace.
type mod struct {
	dir     string // slash-separated, relative to the repository root
	path    string
	version string // from versions.txt; empty when the module is not published
	file    *modfile.File
}

type repo struct {
	root    string
	work    *modfile.WorkFile
	mods    []*mod          // in go.work order
	byPath  map[string]*mod // by module path
	ordered []*mod          // the published modules, dependencies first
}

func loadRepo(root string) (*repo, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	workData, err := os.ReadFile(filepath.Join(root, "go.work"))
	if err != nil {
		return nil, fmt.Errorf("run from the repository root: %w", err)
	}
	work, err := modfile.ParseWork("go.work", workData, nil)
	if err != nil {
		return nil, err
	}
	versions, listed, err := readVersions(filepath.Join(root, versionsFile))
	if err != nil {
		return nil, err
	}
	r := &repo{root: root, work: work, byPath: map[string]*mod{}}
	for _, u := range work.Use {
		dir := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(u.Path)), "./")
		f, err := readModFile(filepath.Join(root, dir, "go.mod"))
		if err != nil {
			return nil, err
		}
		m := &mod{dir: dir, path: f.Module.Mod.Path, version: versions[dir], file: f}
		if want := repoPath + "/" + dir; m.path != want {
			return nil, fmt.Errorf("%s/go.mod: module path %s, want %s (a <dir>/vX.Y.Z tag publishes the module at <dir>)", dir, m.path, want)
		}
		delete(versions, dir)
		r.mods = append(r.mods, m)
		r.byPath[m.path] = m
	}
	for dir := range versions {
		return nil, fmt.Errorf("%s names %s, which go.work does not use", versionsFile, dir)
	}
	r.ordered, err = r.dependencyOrder(listed)
	if err != nil {
		return nil, err
	}
	return r, nil
}

func readModFile(name string) (*modfile.File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return modfile.Parse(name, data, nil)
}

// readVersions parses versions.txt: "<dir> <version>" lines, blank lines and
// #-comments ignored. It returns the version of each directory, and the
// directories in the order the file lists them.
func readVersions(name string) (versions map[string]string, listed []string, err error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return nil, nil, fmt.Errorf("%s:%d: want \"<dir> <version>\"", name, n)
		}
		dir, v := fields[0], fields[1]
		if !semver.IsValid(v) || semver.Canonical(v) != v || semver.Build(v) != "" {
			return nil, nil, fmt.Errorf("%s:%d: %q is not a canonical semantic version like v0.1.0", name, n, v)
		}
		if semver.Major(v) != "v0" && semver.Major(v) != "v1" {
			return nil, nil, fmt.Errorf("%s:%d: %s needs a /%s module path suffix, which this tool does not handle", name, n, v, semver.Major(v))
		}
		if _, dup := out[dir]; dup {
			return nil, nil, fmt.Errorf("%s:%d: %s listed twice", name, n, dir)
		}
		out[dir] = v
		listed = append(listed, dir)
	}
	return out, listed, sc.Err()
}

// siblings returns the requirements of f on modules of this repository.
func (r *repo) siblings(f *modfile.File) []*modfile.Require {
	var out []*modfile.Require
	for _, req := range f.Require {
		if r.byPath[req.Mod.Path] != nil {
			out = append(out, req)
		}
	}
	return out
}

// dependencyOrder sorts the published modules so that each comes after
// every published module it requires: the order their tags must be pushed.
// Otherwise the modules keep the order of versions.txt (listed), so the
// printed tags do not depend on how go.work happens to sort its uses.
func (r *repo) dependencyOrder(listed []string) ([]*mod, error) {
	var out []*mod
	state := map[*mod]int{} // 1 visiting, 2 done
	var visit func(m *mod, chain []string) error
	visit = func(m *mod, chain []string) error {
		switch state[m] {
		case 1:
			return fmt.Errorf("require cycle: %s", strings.Join(append(chain, m.dir), " -> "))
		case 2:
			return nil
		}
		state[m] = 1
		for _, req := range r.siblings(m.file) {
			if dep := r.byPath[req.Mod.Path]; dep.version != "" {
				if err := visit(dep, append(chain, m.dir)); err != nil {
					return err
				}
			}
		}
		state[m] = 2
		out = append(out, m)
		return nil
	}
	byDir := map[string]*mod{}
	for _, m := range r.mods {
		byDir[m.dir] = m
	}
	for _, dir := range listed {
		if err := visit(byDir[dir], nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// setRequires writes each published module's version into every require of
// it, and drops replace directives for modules of this repository.
func (r *repo) setRequires() error {
	for _, m := range r.mods {
		changed := false
		for _, req := range r.siblings(m.file) {
			dep := r.byPath[req.Mod.Path]
			if dep.version == "" || req.Mod.Version == dep.version {
				continue
			}
			if err := m.file.AddRequire(dep.path, dep.version); err != nil {
				return err
			}
			changed = true
		}
		for _, rep := range slices.Clone(m.file.Replace) {
			if r.byPath[rep.Old.Path] != nil {
				if err := m.file.DropReplace(rep.Old.Path, rep.Old.Version); err != nil {
					return err
				}
				changed = true
			}
		}
		if !changed {
			continue
		}
		m.file.Cleanup()
		data, err := m.file.Format()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(r.root, m.dir, "go.mod"), data, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s/go.mod: sibling requires set from %s\n", m.dir, versionsFile)
	}
	return r.setWorkReplaces()
}

// workReplaces returns the replace directives go.work must hold: each
// published module at its version, by its directory. The workspace uses the
// directory for the module's code anyway, but the go command still reads the
// go.mod of every required version to build the module graph, and before a
// release no proxy has it.
func (r *repo) workReplaces() map[module.Version]string {
	out := map[module.Version]string{}
	for _, m := range r.ordered {
		out[module.Version{Path: m.path, Version: m.version}] = "./" + m.dir
	}
	return out
}

func (r *repo) setWorkReplaces() error {
	want := r.workReplaces()
	changed := false
	for _, rep := range slices.Clone(r.work.Replace) {
		if r.byPath[rep.Old.Path] == nil {
			continue
		}
		if dir, ok := want[rep.Old]; ok && rep.New.Path == dir && rep.New.Version == "" {
			delete(want, rep.Old)
			continue
		}
		if err := r.work.DropReplace(rep.Old.Path, rep.Old.Version); err != nil {
			return err
		}
		changed = true
	}
	for _, m := range r.ordered {
		old := module.Version{Path: m.path, Version: m.version}
		if dir, ok := want[old]; ok {
			if err := r.work.AddReplace(old.Path, old.Version, dir, ""); err != nil {
				return err
			}
			changed = true
		}
	}
	if !changed {
		return nil
	}
	r.work.Cleanup()
	if err := os.WriteFile(filepath.Join(r.root, "go.work"), modfile.Format(r.work.Syntax), 0o644); err != nil {
		return err
	}
	fmt.Printf("go.work: replace directives set from %s\n", versionsFile)
	return nil
}

// check reports every go.mod that breaks the rules in the package comment.
func (r *repo) check() error {
	var errs []error
	for _, m := range r.mods {
		where := m.dir + "/go.mod"
		for _, req := range r.siblings(m.file) {
			dep := r.byPath[req.Mod.Path]
			switch {
			case dep.version == "" && m.version != "":
				errs = append(errs, fmt.Errorf("%s: published module requires %s, which is not published (%s)", where, dep.path, versionsFile))
			case dep.version != "" && req.Mod.Version != dep.version:
				errs = append(errs, fmt.Errorf("%s: requires %s %s, %s says %s (run: make set-versions)", where, dep.path, req.Mod.Version, versionsFile, dep.version))
			}
		}
		for _, rep := range m.file.Replace {
			if r.byPath[rep.Old.Path] != nil {
				errs = append(errs, fmt.Errorf("%s: replace %s: the workspace finds siblings; a replace makes `go run pkg@version` refuse the module", where, rep.Old.Path))
			}
		}
		if m.version != "" {
			for _, t := range m.file.Tool {
				errs = append(errs, fmt.Errorf("%s: published module declares tool %s, which would enter every consumer's module graph (pin it in tools/gen)", where, t.Path))
			}
		}
	}
	want := r.workReplaces()
	for _, rep := range r.work.Replace {
		if r.byPath[rep.Old.Path] == nil {
			continue
		}
		if dir, ok := want[rep.Old]; ok && rep.New.Path == dir && rep.New.Version == "" {
			delete(want, rep.Old)
			continue
		}
		errs = append(errs, fmt.Errorf("go.work: unexpected replace %s %s => %s (run: make set-versions)", rep.Old.Path, rep.Old.Version, rep.New.Path))
	}
	for _, m := range r.ordered {
		if _, missing := want[module.Version{Path: m.path, Version: m.version}]; missing {
			errs = append(errs, fmt.Errorf("go.work: missing replace %s %s => ./%s (run: make set-versions)", m.path, m.version, m.dir))
		}
	}
	return errors.Join(errs...)
}

// printTags prints the commands that tag every published module at HEAD
// and push the tags, dependencies first.
func (r *repo) printTags(w *os.File) error {
	var tags []string
	for _, m := range r.ordered {
		tag := m.dir + "/" + m.version
		tags = append(tags, tag)
		fmt.Fprintf(w, "git tag -a %s -m '%s %s'\n", tag, m.path, m.version)
	}
	fmt.Fprintf(w, "git push origin %s\n", strings.Join(tags, " "))
	return nil
}

// published returns the module paths and versions of the published modules,
// dependencies first.
func (r *repo) published() []module.Version {
	var out []module.Version
	for _, m := range r.ordered {
		out = append(out, module.Version{Path: m.path, Version: m.version})
	}
	return out
}
