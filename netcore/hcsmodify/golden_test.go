package hcsmodify_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the documents the tests produce")

// assertGolden encodes doc exactly as the transport would (encoding/json)
// and compares it with testdata/<name>.golden.json. The golden file is
// indented for review, but indenting keeps key order and values, so any
// change to what goes on the wire still changes the file.
func assertGolden(t *testing.T, name string, doc interface{}) {
	t.Helper()
	wire, err := json.Marshal(doc)
	require.NoError(t, err)
	var pretty bytes.Buffer
	require.NoError(t, json.Indent(&pretty, wire, "", "  "))
	pretty.WriteByte('\n')

	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		require.NoError(t, os.WriteFile(path, pretty.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test with -update to create the golden file")
	require.Equal(t, string(want), pretty.String(), "document differs from %s; if the change is intended, run go test with -update", path)
}
