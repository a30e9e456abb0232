package upstreamsuite_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// result is one line of the runner's output: one scenario's result.
type result struct {
	Variant, Binding, Name string
	Failures               []string
	NotApplicable          string
}

// tally counts a binding's results as the table does.
type tally struct{ passed, failed, notApplicable int }

func (t tally) String() string {
	return fmt.Sprintf("%d / %d / %d", t.passed, t.failed, t.notApplicable)
}

// buildAndRun writes the temporary module (the copies in every variant,
// the runner) and runs it, returning every result.
func buildAndRun(t *testing.T) []result {
	t.Helper()
	root := repoRoot(t)
	src := filepath.Join(hcsshimDir(t, root), "internal", "controller", "network")
	dir := t.TempDir()
	copySave(t, src, filepath.Join(dir, "save"))
	fixes := fixFiles(t)
	variants := []struct {
		name  string
		fixes []string
	}{{"released", nil}, {"fixed", fixes}}
	for i, f := range fixes {
		variants = append(variants, struct {
			name  string
			fixes []string
		}{"without-" + defectOf(f), slices.Delete(slices.Clone(fixes), i, i+1)})
	}
	var gen strings.Builder
	gen.WriteString("package main\n\nimport (\n")
	for i, v := range variants {
		for _, p := range platforms {
			pkg := filepath.Join(dir, "v", v.name, p.name)
			copyController(t, src, pkg, p.name, p.guestStandIn)
			applyFixes(t, pkg, v.fixes)
			fmt.Fprintf(&gen, "\tv%d%s %q\n", i, p.name, tempModule+"/v/"+v.name+"/"+p.name)
		}
	}
	gen.WriteString(")\n\nvar variants = []variant{\n")
	for i, v := range variants {
		fmt.Fprintf(&gen, "\t{%q, v%dlcow.Platform(), v%dwcow.Platform()},\n", v.name, i, i)
	}
	gen.WriteString("}\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "variants.go"), []byte(gen.String()), 0o644))
	runner, err := os.ReadFile(filepath.Join("testdata", "runner", "main.go"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), runner, 0o644))
	writeModule(t, root, dir)

	cmd := exec.Command("go", "run", ".", "-steps", "300")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "go run the runner:\n%s", stderr.String())
	var results []result
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r result
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		results = append(results, r)
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, results)
	return results
}

// firstLine is a result's root finding's first line.
func (r result) firstLine() string {
	first, _, _ := strings.Cut(r.Failures[0], "\n")
	return first
}

// TestHcsshimControllerUnderTheContract runs the Contract profile over
// hcsshim's controller as released, with every fix, and with every fix
// but one. With every fix nothing fails on any binding. Without the fix
// of a defect, a root finding names it as the defects table says; every
// result that fails as released fails without one fix or more, so each
// failure is a known defect's, and nothing else fails.
func TestHcsshimControllerUnderTheContract(t *testing.T) {
	results := buildAndRun(t)
	tallies := map[string]*tally{}
	var keys []string
	// failing[variant][binding+name] is the failing results.
	failing := map[string]map[string]result{}
	for _, r := range results {
		k := r.Variant + " " + r.Binding
		if tallies[k] == nil {
			tallies[k] = &tally{}
			keys = append(keys, k)
		}
		switch {
		case r.NotApplicable != "":
			tallies[k].notApplicable++
		case len(r.Failures) > 0:
			tallies[k].failed++
			if failing[r.Variant] == nil {
				failing[r.Variant] = map[string]result{}
			}
			failing[r.Variant][r.Binding+" "+r.Name] = r
		default:
			tallies[k].passed++
		}
	}
	for _, k := range keys {
		t.Logf("%-28s passed / failed / n.a.: %s", k, tallies[k])
	}
	if dump := os.Getenv("UPSTREAMSUITE_DUMP"); dump != "" {
		var b strings.Builder
		for _, r := range results {
			if len(r.Failures) > 0 {
				fmt.Fprintf(&b, "=== %s %s %s\n%s\n", r.Variant, r.Binding, r.Name, strings.Join(r.Failures, "\n---\n"))
			}
		}
		require.NoError(t, os.WriteFile(dump, []byte(b.String()), 0o644))
	}

	for k, r := range failing["fixed"] {
		t.Errorf("with every fix, %s fails: %s", k, r.Failures[0])
	}
	require.NotEmpty(t, failing["released"], "as released, nothing fails")

	fixes := fixFiles(t)
	require.Len(t, fixes, len(defects), "one fix per defect")
	explained := map[string]bool{}
	for i, d := range defects {
		require.Equal(t, d.id, defectOf(fixes[i]), "the fixes are named after the defects, in order")
		without := failing["without-"+d.id]
		named := ""
		for _, k := range slices.Sorted(maps.Keys(without)) {
			explained[k] = true
			if r := without[k]; named == "" && d.finding.MatchString(r.firstLine()) {
				named = k + ": " + r.firstLine()
			}
		}
		if named == "" {
			t.Errorf("%s (%s): without its fix, no root finding names it as %s; the failures: %v", d.id, d.where, d.finding, firstLines(without))
			continue
		}
		asReleased := ""
		for _, k := range slices.Sorted(maps.Keys(failing["released"])) {
			if r := failing["released"][k]; d.finding.MatchString(r.firstLine()) {
				asReleased = k + ": " + r.firstLine()
				break
			}
		}
		if asReleased == "" {
			t.Errorf("%s (%s): as released, no root finding names it as %s", d.id, d.where, d.finding)
			continue
		}
		t.Logf("%s (%s)\n\tas released: %s\n\twith every other fix: %s", d.id, d.where, asReleased, named)
	}
	for k, r := range failing["released"] {
		if !explained[k] {
			t.Errorf("as released, %s fails, and with every fix but any one it passes: not a known defect's: %s", k, r.Failures[0])
		}
	}
}

func firstLines(rs map[string]result) []string {
	var out []string
	for k, r := range rs {
		out = append(out, k+": "+r.firstLine())
	}
	slices.Sort(out)
	return out
}
