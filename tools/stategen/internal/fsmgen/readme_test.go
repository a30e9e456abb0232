package fsmgen

import (
	"strings"
	"testing"
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
				if err == nil || err.Error() != c.err {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("got\n%q\nwant\n%q", got, c.want)
			}
			again, err := SpliceReadme("R.md", got, "m", diagram)
			if err != nil || string(again) != string(got) {
				t.Errorf("splicing twice changes the file: %q", again)
			}
			if !strings.Contains(string(got), "```mermaid") {
				t.Errorf("no mermaid fence")
			}
		})
	}
}
