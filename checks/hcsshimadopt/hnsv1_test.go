package hcsshimadopt_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// uvmnet plan reads HNS's V1 schema "as hcsshim's own V1 types define it":
// its own types in cmd/uvmnet/hnsv1.go carry the JSON keys of hcsshim's
// hns.HNSEndpoint and hns.Namespace. This check reads both from source and
// requires the same keys, so that a field hcsshim adds or renames shows
// here rather than being read as an unknown key and dropped without the
// warning the command promises.
func TestHNSV1TypesMatchHcsshim(t *testing.T) {
	root := repoRoot(t)
	hns := filepath.Join(hcsshimDir(t, root), "internal", "hns")
	ours := filepath.Join(root, "cmd", "uvmnet", "hnsv1.go")
	for _, pair := range []struct{ hcsshimFile, hcsshimType, ourType string }{
		{"hnsendpoint.go", "HNSEndpoint", "hnsV1Endpoint"},
		{"namespace.go", "Namespace", "hnsV1Namespace"},
	} {
		want := jsonKeys(t, filepath.Join(hns, pair.hcsshimFile), pair.hcsshimType)
		got := jsonKeys(t, ours, pair.ourType)
		require.NotEmpty(t, want)
		// encoding/json matches keys without regard to letter case.
		assert.Equal(t, lower(want), lower(got), "%s against hcsshim's hns.%s", pair.ourType, pair.hcsshimType)
	}
}

// jsonKeys returns the JSON keys of the struct type name declared in file.
func jsonKeys(t *testing.T, file, name string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	var keys []string
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || ts.Name.Name != name {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		require.True(t, ok, "%s is not a struct", name)
		for _, field := range st.Fields.List {
			for _, id := range field.Names {
				key := id.Name
				if field.Tag != nil {
					tag, err := strconv.Unquote(field.Tag.Value)
					require.NoError(t, err)
					if n, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ","); n != "" {
						key = n
					}
				}
				keys = append(keys, key)
			}
		}
		return false
	})
	return keys
}

func lower(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = strings.ToLower(k)
	}
	slices.Sort(out)
	return out
}
