package upstreamsuite_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fixFiles lists the edit files of testdata/fixes, one per defect, in
// the order they apply.
func fixFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "fixes", "*.edit"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// defectOf names the defect an edit file fixes: its name up to the first
// "-" ("B1").
func defectOf(file string) string {
	name, _, _ := strings.Cut(filepath.Base(file), "-")
	return name
}

// applyFixes applies the edit files to the copy in dir.
func applyFixes(t *testing.T, dir string, files []string) {
	t.Helper()
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, h := range parseEdit(t, filepath.Base(f), string(data)) {
			path := filepath.Join(dir, h.file)
			src, err := os.ReadFile(path)
			if os.IsNotExist(err) {
				continue // the other platform's file
			}
			require.NoError(t, err)
			require.Equal(t, 1, strings.Count(string(src), h.old), "%s: the text to replace in %s must occur once", f, h.file)
			require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(src), h.old, h.new, 1)), 0o644))
		}
	}
}

// hunk is one replacement of an edit file.
type hunk struct{ file, old, new string }

// parseEdit reads an edit file: free text (what the defect is and why the
// fix is what it is), then hunks, each
//
//	--- <file of the copy>
//	<<<<
//	old text
//	====
//	new text
//	>>>>
func parseEdit(t *testing.T, name, text string) []hunk {
	t.Helper()
	var out []hunk
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		file, ok := strings.CutPrefix(lines[i], "--- ")
		if !ok {
			continue
		}
		require.Less(t, i+1, len(lines), "%s: hunk of %s has no body", name, file)
		require.Equal(t, "<<<<", lines[i+1], "%s: hunk of %s", name, file)
		var old, new []string
		j := i + 2
		for ; j < len(lines) && lines[j] != "===="; j++ {
			old = append(old, lines[j])
		}
		require.Less(t, j, len(lines), "%s: hunk of %s has no ====", name, file)
		for j++; j < len(lines) && lines[j] != ">>>>"; j++ {
			new = append(new, lines[j])
		}
		require.Less(t, j, len(lines), "%s: hunk of %s has no >>>>", name, file)
		out = append(out, hunk{file: file, old: strings.Join(old, "\n") + "\n", new: strings.Join(new, "\n") + "\n"})
		i = j
	}
	require.NotEmpty(t, out, "%s has no hunk", name)
	return out
}
