package hcsshimadopt_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAdoptingShowsTheGlue holds ADOPTING.md to what TestGlueBuildsInHcsshim
// compiles: every glue file verbatim under its path, the call-site change
// before and after, the removals, the stand-in, and the glue's line count.
func TestAdoptingShowsTheGlue(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(repoRoot(t), "ADOPTING.md"))
	require.NoError(t, err)
	doc := string(page)

	var files, total, code int
	err = filepath.WalkDir("testdata/glue", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel("testdata/glue", path)
		if err != nil {
			return err
		}
		files++
		assert.Contains(t, doc, "<!-- glue: "+filepath.ToSlash(rel)+" -->\n```go\n"+string(src)+"```\n", "ADOPTING.md shows %s as it is compiled", rel)
		for _, line := range strings.Split(strings.TrimSuffix(string(src), "\n"), "\n") {
			total++
			if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "//") {
				code++
			}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, files, strings.Count(doc, "<!-- glue: "), "every glue block in ADOPTING.md is a file of testdata/glue")
	assert.Contains(t, doc, fmt.Sprintf("**%d lines** in five files (%d lines of code", total, code))
	assert.Equal(t, 5, files)

	for _, e := range callSiteEdits {
		assert.Contains(t, doc, "`"+e.path+"`")
		assert.Contains(t, doc, "```go\n"+e.old+"\n```", "the call site as hcsshim has it")
		assert.Contains(t, doc, "```go\n"+e.new+"\n```", "the call site as the check changes it")
	}
	assert.Contains(t, doc, "rm internal/controller/network/*.go\nrm -r internal/controller/network/mocks\n")
	assert.Equal(t, []string{"internal/controller/network/*.go", "internal/controller/network/mocks"}, removedFromHcsshim)
	assert.Contains(t, doc, "`checks/hcsshimadopt/testdata/cosesign1go`")
	for _, m := range uvmnetModules {
		assert.Contains(t, doc, "github.com/uvmnet/uvmnet/"+m+"@v0.1.0")
	}
}
