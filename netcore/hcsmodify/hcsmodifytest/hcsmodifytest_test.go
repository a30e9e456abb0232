package hcsmodifytest

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecorderKeepsDocumentsAndAnswersErr(t *testing.T) {
	boom := errors.New("boom")
	r := &Recorder{Err: boom}
	require.ErrorIs(t, r.Modify(context.Background(), "a"), boom)
	_ = r.Modify(context.Background(), "b")
	docs := r.Documents()
	require.Equal(t, []any{"a", "b"}, docs)
	docs[0] = "changed"
	require.Equal(t, "a", r.Documents()[0], "Documents shares its slice with the recorder")
	wire, err := r.Wire()
	require.NoError(t, err)
	require.Len(t, wire, 2)
	require.Equal(t, `"a"`, wire[0])
}

func TestRecorderBridge(t *testing.T) {
	require.True(t, (&Recorder{}).IsBridgeConnected(), "a zero Recorder reports a closed bridge")
	require.False(t, (&Recorder{Disconnected: true}).IsBridgeConnected(), "a disconnected Recorder reports an open bridge")
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
		assert.True(t, ft.failed, "a document passed against %s", want)
	}
}
