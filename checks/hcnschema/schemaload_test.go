package hcnschema_test

import (
	"errors"
	"go/types"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/packages"
)

const (
	hcnPkgPath   = "github.com/Microsoft/hcsshim/hcn"
	modelPkgPath = "github.com/uvmnet/uvmnet/netcore/hcnmodel"
	driftPkgPath = "github.com/uvmnet/uvmnet/checks/hcnschema/testdata/drift"
)

// loadSchemas type-checks, once per test binary, every package the schema
// tests compare. GOOS is forced to windows because hcsshim's hcn package is
// only meaningful there; type-checking needs no Windows machine.
var loadSchemas = sync.OnceValues(func() (map[string]*types.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes,
		Env:  append(os.Environ(), "GOOS=windows"),
	}
	pkgs, err := packages.Load(cfg, hcnPkgPath, modelPkgPath, driftPkgPath)
	if err != nil {
		return nil, err
	}
	var errs []error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e)
		}
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := make(map[string]*types.Package, len(pkgs))
	for _, p := range pkgs {
		out[p.PkgPath] = p.Types
	}
	return out, nil
})

// lookupType returns the type called name in package pkgPath, failing the
// test when it cannot be found.
func lookupType(t *testing.T, pkgPath, name string) types.Type {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is needed to type-check packages:", err)
	}
	pkgs, err := loadSchemas()
	require.NoError(t, err, "load packages")
	pkg := pkgs[pkgPath]
	require.NotNil(t, pkg, "package %s was not loaded", pkgPath)
	obj := pkg.Scope().Lookup(name)
	require.NotNil(t, obj, "%s.%s does not exist", pkgPath, name)
	tn, ok := obj.(*types.TypeName)
	require.True(t, ok, "%s.%s is not a type", pkgPath, name)
	return tn.Type()
}
