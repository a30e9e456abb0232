package main

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected outputs in testdata/*.txtar")

// TestGolden runs the command on each testdata/*.txtar archive. An archive
// holds the command's input files (spec.fsm and whatever else it should
// find on disk) and these special files:
//
//	flags   options placed before spec.fsm on the command line
//	env     KEY=VALUE lines: the whole environment the command sees
//	errors  the exact standard error
//	exit    the exit code, when it is not 1 for non-empty errors, else 0
//	want.go, want.mmd
//	        spec_fsm.go and spec.mmd after the run
//	want.F  any other file F after the run
//
// After the run the directory must hold exactly the input files, unchanged
// unless a want file says otherwise, and the wanted ones: an output that
// nobody expects fails the test, which is how -diagram= and a failed run
// are shown to write nothing.
//
// -update rewrites the expected files, never the inputs.
func TestGolden(t *testing.T) {
	archives, err := filepath.Glob("testdata/*.txtar")
	require.NoError(t, err)
	require.NotEmpty(t, archives, "no golden archives")
	for _, file := range archives {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runGolden(t, file)
		})
	}
}

var special = map[string]bool{"flags": true, "env": true, "errors": true, "exit": true}

// wantName is the archive file holding the expected content of path.
func wantName(path string) string {
	switch path {
	case "spec_fsm.go":
		return "want.go"
	case "spec.mmd":
		return "want.mmd"
	}
	return "want." + path
}

func runGolden(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	require.NoError(t, err)
	sections := map[string][]byte{}
	dir := t.TempDir()
	inputs := map[string][]byte{}
	for _, f := range ar.Files {
		sections[f.Name] = f.Data
		if special[f.Name] || strings.HasPrefix(f.Name, "want.") {
			continue
		}
		inputs[f.Name] = f.Data
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, f.Data, 0o644))
	}
	environ := map[string]string{}
	for _, line := range strings.Split(string(sections["env"]), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			environ[k] = v
		}
	}
	args := append(strings.Fields(string(sections["flags"])), "spec.fsm")

	var stderr bytes.Buffer
	code := run(args, env{dir: dir, getenv: func(k string) string { return environ[k] }}, &stderr)

	got := map[string][]byte{"errors": stderr.Bytes()}
	wantCode := 0
	if len(sections["errors"]) > 0 {
		wantCode = 1
	}
	if s, ok := sections["exit"]; ok {
		wantCode, err = strconv.Atoi(strings.TrimSpace(string(s)))
		require.NoError(t, err, "exit")
	}
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if _, ok := sections[wantName(rel)]; ok || !bytes.Equal(data, inputs[rel]) {
			got[wantName(rel)] = data
		}
		return nil
	})
	require.NoError(t, err)

	if *update {
		updateArchive(t, file, ar, got, code)
		return
	}
	assert.Equal(t, wantCode, code, "exit code")
	names := slices.Sorted(func(yield func(string) bool) {
		seen := map[string]bool{}
		for n := range got {
			seen[n] = true
		}
		for n := range sections {
			if strings.HasPrefix(n, "want.") {
				seen[n] = true
			}
		}
		for n := range seen {
			if !yield(n) {
				return
			}
		}
	})
	for _, name := range names {
		g, inGot := got[name]
		w, inWant := sections[name]
		switch {
		case name == "errors":
			assert.Equal(t, string(w), string(g), "standard error")
		case !inGot:
			assert.Fail(t, "the run did not produce a file the archive expects", name)
		case !inWant:
			assert.Fail(t, "the run wrote or changed a file the archive does not expect", "%s:\n%s", name, g)
		default:
			assert.Equal(t, string(w), string(g), "%s differs from the archive (run with -update to see the change in git diff)", name)
		}
	}
}

// updateArchive rewrites the archive with the outputs of this run, keeping
// inputs and their order; new outputs go at the end.
func updateArchive(t *testing.T, file string, ar *txtar.Archive, got map[string][]byte, code int) {
	var files []txtar.File
	done := map[string]bool{}
	for _, f := range ar.Files {
		switch {
		case f.Name == "exit":
			continue
		case f.Name == "errors" || strings.HasPrefix(f.Name, "want."):
			if g, ok := got[f.Name]; ok {
				files = append(files, txtar.File{Name: f.Name, Data: g})
			}
			done[f.Name] = true
		default:
			files = append(files, f)
		}
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range got {
			if !yield(n) {
				return
			}
		}
	}) {
		if !done[name] && len(got[name]) > 0 {
			files = append(files, txtar.File{Name: name, Data: got[name]})
		}
	}
	def := 0
	if len(got["errors"]) > 0 {
		def = 1
	}
	if code != def {
		files = append(files, txtar.File{Name: "exit", Data: []byte(strconv.Itoa(code) + "\n")})
	}
	ar.Files = files
	require.NoError(t, os.WriteFile(file, txtar.Format(ar), 0o644))
}
