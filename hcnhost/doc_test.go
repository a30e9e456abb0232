package hcnhost

import (
	"go/ast"
	"go/build"
	"go/doc/comment"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The package documentation links only to what `go doc` shows on Linux: a
// link to a name only the Windows build declares reads, on the platform a
// shim's developer most often browses from, as a name that is not there.
// The Windows-only conversions are described in prose instead, with their
// signatures, and this test keeps them accurate: each is declared in the
// Windows build with the signature the documentation gives.
func TestPackageDocLinksResolveOnLinux(t *testing.T) {
	linux := declared(t, "linux")
	windows := declared(t, "windows")
	text := packageDoc(t)
	imported := map[string]string{"netcore": "github.com/uvmnet/uvmnet/netcore", "hcnmodel": "github.com/uvmnet/uvmnet/netcore/hcnmodel"}
	p := comment.Parser{
		LookupPackage: func(name string) (string, bool) { path, ok := imported[name]; return path, ok },
		// Every other bracketed name is taken for a link to this package,
		// as go doc would try it.
		LookupSym: func(recv, name string) bool { return true },
	}
	doc := p.Parse(text)
	var links []string
	var walk func(texts []comment.Text)
	walk = func(texts []comment.Text) {
		for _, x := range texts {
			if l, ok := x.(*comment.DocLink); ok && l.ImportPath == "" && imported[l.Name] == "" {
				name := l.Name
				if l.Recv != "" {
					name = l.Recv + "." + l.Name
				}
				links = append(links, name)
			}
		}
	}
	for _, b := range doc.Content {
		switch b := b.(type) {
		case *comment.Paragraph:
			walk(b.Text)
		case *comment.List:
			for _, it := range b.Items {
				for _, c := range it.Content {
					if p, ok := c.(*comment.Paragraph); ok {
						walk(p.Text)
					}
				}
			}
		}
	}
	require.NotEmpty(t, links)
	for _, l := range links {
		assert.Contains(t, linux, l, "the package doc links [%s], which the Linux build does not declare", l)
	}

	sigs := regexp.MustCompile(`(?m)^\tfunc (\w+)\((.*)$`).FindAllStringSubmatch(text, -1)
	require.Len(t, sigs, 4, "the four conversions' signatures")
	for _, s := range sigs {
		assert.Equal(t, "func "+s[1]+"("+s[2], windows[s[1]], "the documented signature of %s", s[1])
		assert.NotContains(t, linux, s[1], "%s is described as Windows-only", s[1])
	}
}

// packageDoc returns the package comment of doc.go.
func packageDoc(t *testing.T) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	require.NoError(t, err)
	return f.Doc.Text()
}

// declared maps each package-level function, type and method (Type.Name)
// the package declares when built for goos to its signature as written.
func declared(t *testing.T, goos string) map[string]string {
	t.Helper()
	ctx := build.Default
	ctx.GOOS = goos
	pkg, err := ctx.ImportDir(".", 0)
	require.NoError(t, err)
	out := map[string]string{}
	fset := token.NewFileSet()
	for _, name := range pkg.GoFiles {
		src, err := parser.ParseFile(fset, filepath.Join(".", name), nil, 0)
		require.NoError(t, err)
		for _, d := range src.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				key := d.Name.Name
				if d.Recv != nil && len(d.Recv.List) == 1 {
					recv := d.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					if id, ok := recv.(*ast.Ident); ok {
						key = id.Name + "." + key
					}
				}
				out[key] = signature(fset, d)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						out[ts.Name.Name] = "type"
					}
				}
			}
		}
	}
	return out
}

// signature prints a function's declaration line without its body.
func signature(fset *token.FileSet, d *ast.FuncDecl) string {
	var b strings.Builder
	body := d.Body
	d.Body = nil
	defer func() { d.Body = body }()
	_ = (&printer.Config{Mode: printer.UseSpaces, Tabwidth: 8}).Fprint(&b, fset, d)
	return strings.TrimSpace(b.String())
}
