package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// undocumentedKnown are names allowed to lack a doc comment for now. The
// list may only shrink: a name that gains a comment, or goes, must leave
// it (the test says so). It is empty: every exported name is documented.
var undocumentedKnown = map[string]bool{}

// TestExportedNamesHaveDocComments parses every non-test Go file of the
// published modules' importable packages (internal ones and commands
// aside) and lists the exported names `go doc` shows without a comment: top-level functions, types, and constants and variables
// (a comment on their group will do, as for go doc), and the exported
// methods of exported types.
func TestExportedNamesHaveDocComments(t *testing.T) {
	r, err := loadRepo("../..")
	if err != nil {
		t.Skipf("not in the repository layout: %v", err)
	}
	var missing []string
	walkPublishedGoFiles(t, r, func(rel string) {
		for _, name := range undocumentedIn(t, filepath.Join(r.root, rel)) {
			missing = append(missing, rel+": "+name)
		}
	})
	var unexpected []string
	for _, name := range missing {
		if !undocumentedKnown[name] {
			unexpected = append(unexpected, name)
		}
	}
	assert.Empty(t, unexpected, "exported names without a doc comment")
	for name := range undocumentedKnown {
		assert.Contains(t, missing, name, "documented or gone now: remove it from undocumentedKnown")
	}
}

// walkPublishedGoFiles calls fn with the slash-separated path, from the
// repository root, of every non-test Go file of the published modules'
// importable packages: internal ones, testdata and nested modules aside.
func walkPublishedGoFiles(t *testing.T, r *repo, fn func(rel string)) {
	t.Helper()
	for _, m := range r.ordered {
		root := filepath.Join(r.root, m.dir)
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != root && (d.Name() == "testdata" || d.Name() == "internal" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_") || isModuleRoot(path)) {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			rel, _ := filepath.Rel(r.root, path)
			fn(filepath.ToSlash(rel))
			return nil
		})
		require.NoError(t, err)
	}
}

// isModuleRoot reports whether dir holds a go.mod: a nested module, which
// is not part of the module around it.
func isModuleRoot(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "go.mod"))
	return err == nil
}

// undocumentedIn returns the exported names of one file that lack a doc
// comment, as "Name" or "Type.Method".
func undocumentedIn(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	visitExported(t, path, func(name string, documented bool, _ ast.Expr) {
		if !documented {
			out = append(out, name)
		}
	})
	return out
}

// visitExported calls fn for each exported name one non-main file adds to
// its package's go doc: top-level functions, types, constants and
// variables as "Name", the methods of exported types as "Type.Method".
// documented says whether go doc shows a comment with it (for a constant
// or variable, a comment on its group will do); typ is a type's
// definition, nil for the others.
func visitExported(t *testing.T, path string, fn func(name string, documented bool, typ ast.Expr)) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments|parser.SkipObjectResolution)
	require.NoError(t, err)
	if f.Name.Name == "main" {
		return
	}
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !ast.IsExported(d.Name.Name) {
				continue
			}
			name := d.Name.Name
			if d.Recv != nil {
				recv := receiverType(d.Recv.List[0].Type)
				if !ast.IsExported(recv) {
					continue
				}
				name = recv + "." + name
			}
			fn(name, d.Doc != nil, nil)
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if ast.IsExported(s.Name.Name) {
						fn(s.Name.Name, s.Doc != nil || d.Doc != nil, s.Type)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if ast.IsExported(n.Name) {
							fn(n.Name, s.Doc != nil || d.Doc != nil || s.Comment != nil, nil)
						}
					}
				}
			}
		}
	}
}

// receiverType is the name of a method's receiver type, without pointer
// or type parameters.
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
