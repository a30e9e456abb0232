package hcsmodifytest

import (
	"encoding/json"
	"testing"
)

// AssertWire encodes doc exactly as a transport would (encoding/json) and
// compares the bytes with want. want is written out in the test from the
// peer's schema, never produced by the code under test, so a renamed,
// reordered, dropped or added field fails.
func AssertWire(t testing.TB, doc interface{}, want string) {
	t.Helper()
	got, err := json.Marshal(doc)
	if err != nil {
		t.Fatalf("encode document: %v", err)
		return
	}
	if string(got) != want {
		t.Errorf("wire bytes differ:\n got %s\nwant %s", got, want)
	}
}
