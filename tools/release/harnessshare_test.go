package main

import (
	"fmt"
	"go/ast"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// harnessPackages are the published packages that are test harness: what
// judges a controller or stands in for a platform in tests, rather than
// what a shim links or a shim's own tests use. A directory listed here
// counts with everything under it.
var harnessPackages = []string{
	"conformance",
}

// integratorTestHelpers are published packages a shim's own tests use
// (golden wire bytes and hcsshim's transport errors, an in-memory HCN and
// a no-op VM): test support, but for the integrator's tests rather than
// for judging a controller. The test logs their share with the harness's.
var integratorTestHelpers = []string{
	"netcore/hcsmodify/hcsmodifytest",
	"netcore/nettest",
}

// maxHarnessShare bounds the harness's share of the published exported
// names (issue 25: at most a third).
const maxHarnessShare = 1.0 / 3

// TestHarnessShareOfPublishedNames counts the exported names of every
// published package (as go doc lists them: top-level functions, types,
// constants and variables, and the exported methods and fields of
// exported types, interface methods included) and fails when the test
// harness holds more than maxHarnessShare of them. -v prints the count
// per package.
func TestHarnessShareOfPublishedNames(t *testing.T) {
	r, err := loadRepo("../..")
	if err != nil {
		t.Skipf("not in the repository layout: %v", err)
	}
	perPkg := map[string]int{}
	walkPublishedGoFiles(t, r, func(rel string) {
		perPkg[path.Dir(rel)] += len(exportedNamesIn(t, r.root+"/"+rel))
	})
	var total, harness, helpers int
	pkgs := make([]string, 0, len(perPkg))
	for p := range perPkg {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	for _, p := range pkgs {
		n := perPkg[p]
		if n == 0 {
			continue
		}
		total += n
		tag := ""
		switch {
		case under(p, harnessPackages):
			harness += n
			tag = " (harness)"
		case under(p, integratorTestHelpers):
			helpers += n
			tag = " (integrator test helper)"
		}
		t.Logf("%4d %s%s", n, p, tag)
	}
	require.NotZero(t, total)
	share := float64(harness) / float64(total)
	t.Logf("harness: %d of %d published exported names (%.0f%%)", harness, total, 100*share)
	t.Logf("harness and integrator test helpers: %d of %d (%.0f%%)", harness+helpers, total, 100*float64(harness+helpers)/float64(total))
	assert.LessOrEqual(t, share, maxHarnessShare, "the test harness holds %d of %d published exported names", harness, total)
}

// under reports whether pkgDir is one of dirs or below one.
func under(pkgDir string, dirs []string) bool {
	for _, h := range dirs {
		if pkgDir == h || strings.HasPrefix(pkgDir, h+"/") {
			return true
		}
	}
	return false
}

// exportedNamesIn returns the exported names one non-main file adds to
// its package's go doc: "Name", "Type.Method" or "Type.Field".
func exportedNamesIn(t *testing.T, file string) []string {
	t.Helper()
	var out []string
	visitExported(t, file, func(name string, _ bool, typ ast.Expr) {
		out = append(out, name)
		if typ != nil {
			out = append(out, memberNames(name, typ)...)
		}
	})
	return out
}

// memberNames are the exported fields of a struct type, or the exported
// methods of an interface type, as "Type.Name".
func memberNames(typ string, e ast.Expr) []string {
	var fields *ast.FieldList
	switch x := e.(type) {
	case *ast.StructType:
		fields = x.Fields
	case *ast.InterfaceType:
		fields = x.Methods
	default:
		return nil
	}
	var out []string
	for _, f := range fields.List {
		for _, n := range f.Names {
			if ast.IsExported(n.Name) {
				out = append(out, fmt.Sprintf("%s.%s", typ, n.Name))
			}
		}
		if len(f.Names) == 0 { // embedded: its name is its type's
			if name := receiverType(f.Type); ast.IsExported(name) {
				out = append(out, typ+"."+name)
			}
		}
	}
	return out
}
