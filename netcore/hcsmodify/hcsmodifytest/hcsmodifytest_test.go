package hcsmodifytest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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
}

// fakeT records failures instead of stopping the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
func (f *fakeT) Fatal(...any)          { f.failed = true }

func TestAssertGolden(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{"B": 1, "A": "x"}
	AssertGolden(t, "doc", doc, true)
	got, err := os.ReadFile(filepath.Join("testdata", "doc.golden.json"))
	if err != nil || string(got) != "{\n  \"A\": \"x\",\n  \"B\": 1\n}\n" {
		t.Fatalf("golden written as %q, %v", got, err)
	}
	AssertGolden(t, "doc", doc, false)

	ft := &fakeT{}
	AssertGolden(ft, "doc", map[string]any{"A": "y", "B": 1}, false)
	if !ft.failed {
		t.Fatal("a changed document passed the golden comparison")
	}
}
