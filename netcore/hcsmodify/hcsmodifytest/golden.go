package hcsmodifytest

import "encoding/json"

// TB is the part of testing.TB that [AssertWire] uses; a *testing.T
// satisfies it. The package names it instead of importing testing, so
// that nothing a production build may import links the test framework.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// AssertWire encodes doc exactly as a transport would (encoding/json) and
// compares the bytes with want. want is written out in the test from the
// peer's schema, never produced by the code under test, so a renamed,
// reordered, dropped or added field fails.
func AssertWire(t TB, doc interface{}, want string) {
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
