package hcsmodifytest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// AssertGolden encodes doc exactly as a transport would (encoding/json)
// and compares it with testdata/<name>.golden.json, or, when update is
// set, rewrites that file. The file is indented for review; indenting
// keeps key order and values, so any change on the wire changes the file.
func AssertGolden(t testing.TB, name string, doc interface{}, update bool) {
	t.Helper()
	wire, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("encode %s: %v", name, err)
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, wire, "", "  "); err != nil {
		t.Fatal(err)
	}
	pretty.WriteByte('\n')
	path := filepath.Join("testdata", name+".golden.json")
	if update {
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("%s differs from the document sent; if the change is intended, run go test with -update:\n got %s\nwant %s", path, pretty.Bytes(), want)
	}
}
