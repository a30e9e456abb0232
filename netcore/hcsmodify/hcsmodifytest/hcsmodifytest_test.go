package hcsmodifytest

import (
	"context"
	"errors"
	"testing"
)

func TestRecorderKeepsDocumentsAndAnswersErr(t *testing.T) {
	boom := errors.New("boom")
	r := &Recorder{Err: boom}
	if err := r.Modify(context.Background(), "a"); !errors.Is(err, boom) {
		t.Fatalf("Modify = %v, want %v", err, boom)
	}
	_ = r.Modify(context.Background(), "b")
	docs := r.Documents()
	if len(docs) != 2 || docs[0] != "a" || docs[1] != "b" {
		t.Fatalf("Documents = %v", docs)
	}
	docs[0] = "changed"
	if r.Documents()[0] != "a" {
		t.Fatal("Documents shares its slice with the recorder")
	}
	wire, err := r.Wire()
	if err != nil || len(wire) != 2 || wire[0] != `"a"` {
		t.Fatalf("Wire = %q, %v", wire, err)
	}
}

func TestRecorderBridge(t *testing.T) {
	if !(&Recorder{}).IsBridgeConnected() {
		t.Fatal("a zero Recorder reports a closed bridge")
	}
	if (&Recorder{Disconnected: true}).IsBridgeConnected() {
		t.Fatal("a disconnected Recorder reports an open bridge")
	}
}

// fakeT records failures instead of stopping the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }

func TestAssertWire(t *testing.T) {
	doc := struct {
		B int
		A string
	}{1, "x"}
	AssertWire(t, doc, `{"B":1,"A":"x"}`)

	for _, want := range []string{`{"A":"x","B":1}`, `{"B":1,"A":"y"}`, `{"B":1}`} {
		ft := &fakeT{}
		AssertWire(ft, doc, want)
		if !ft.failed {
			t.Errorf("a document passed against %s", want)
		}
	}
}
