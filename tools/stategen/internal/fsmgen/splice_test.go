package fsmgen

import (
	"bytes"
	"go/format"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

func TestSpliceReadme(t *testing.T) {
	diagram := []byte("stateDiagram-v2\n    [*] --> A\n")
	for _, c := range []struct {
		name, in, want, err string
	}{
		{
			name: "replaces the region only",
			in:   "a\n<!-- stategen:begin m -->\nold\n<!-- stategen:end m -->\nb",
			want: "a\n<!-- stategen:begin m -->\n```mermaid\nstateDiagram-v2\n    [*] --> A\n```\n<!-- stategen:end m -->\nb",
		},
		{
			name: "empty region, indented markers",
			in:   "  <!-- stategen:begin m -->\n\t<!-- stategen:end m -->  \n",
			want: "  <!-- stategen:begin m -->\n```mermaid\nstateDiagram-v2\n    [*] --> A\n```\n\t<!-- stategen:end m -->  \n",
		},
		{
			name: "CRLF file stays CRLF",
			in:   "a\r\n<!-- stategen:begin m -->\r\n<!-- stategen:end m -->\r\n",
			want: "a\r\n<!-- stategen:begin m -->\r\n```mermaid\r\nstateDiagram-v2\r\n    [*] --> A\r\n```\r\n<!-- stategen:end m -->\r\n",
		},
		{
			name: "other spec's markers do not count",
			in:   "<!-- stategen:begin mm -->\n<!-- stategen:end mm -->\n",
			err:  "R.md: missing marker line <!-- stategen:begin m -->",
		},
		{
			name: "begin twice",
			in:   "<!-- stategen:begin m -->\n<!-- stategen:end m -->\n<!-- stategen:begin m -->\n",
			err:  "R.md:3: marker line <!-- stategen:begin m --> appears again (first at line 1)",
		},
		{
			name: "end missing",
			in:   "<!-- stategen:begin m -->\n",
			err:  "R.md: missing marker line <!-- stategen:end m --> after line 1",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := SpliceReadme("R.md", []byte(c.in), "m", diagram)
			if c.err != "" {
				require.EqualError(t, err, c.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, string(got))
			again, err := SpliceReadme("R.md", got, "m", diagram)
			require.NoError(t, err)
			assert.Equal(t, string(got), string(again), "splicing twice changes the file")
			assert.Contains(t, string(got), "```mermaid")
		})
	}
}

func TestSpliceDoc(t *testing.T) {
	m, errs := fsmspec.Parse("m.fsm", []byte("machine M\ninitial A\nstate A  a.\nstate Bee  b.\nevent Go  go.\nevent Back  back.\nBee --Back--> A\nA --Go--> Bee\n"))
	require.Empty(t, errs)
	for _, c := range []struct {
		name, in, want, err string
	}{
		{
			name: "no terminal state, groups in declaration order",
			in:   "// Package p.\n//\n//\tstategen:begin m\n//\tstategen:end m\npackage p\n",
			want: "// Package p.\n//\n//\tstategen:begin m\n//\tinitial  A\n//\n//\tA    --Go-->    Bee\n//\n//\tBee  --Back-->  A\n//\tstategen:end m\npackage p\n",
		},
		{
			name: "CRLF file stays CRLF",
			in:   "// Package p.\r\n//\r\n//\tstategen:begin m\r\n//\tstategen:end m\r\npackage p\r\n",
			want: "// Package p.\r\n//\r\n//\tstategen:begin m\r\n//\tinitial  A\r\n//\r\n//\tA    --Go-->    Bee\r\n//\r\n//\tBee  --Back-->  A\r\n//\tstategen:end m\r\npackage p\r\n",
		},
		{
			name: "markers outside a // comment do not count",
			in:   "/*\n\tstategen:begin m\n\tstategen:end m\n*/\npackage p\n",
			err:  "d.go: missing marker line stategen:begin m",
		},
		{
			name: "end missing",
			in:   "//\tstategen:begin m\npackage p\n",
			err:  "d.go: missing marker line stategen:end m after line 1",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := SpliceDoc("d.go", []byte(c.in), "m", m)
			if c.err != "" {
				require.EqualError(t, err, c.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, string(got))
			// make check-generate runs gofmt's checks after go generate:
			// the splice must be what gofmt would write.
			if !bytes.Contains(got, []byte("\r")) {
				formatted, err := format.Source(got)
				require.NoError(t, err)
				assert.Equal(t, string(got), string(formatted), "gofmt changes the spliced file")
			}
		})
	}
}
