package textdiff

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

func TestUnified(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"both empty", "", "", ""},
		{"from empty", "", "a\nb\n", "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\n", "", "--- old\n+++ new\n@@ -1 +0,0 @@\n-a\n"},
		{
			"change in middle keeps three lines of context",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n",
			"1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			"--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n",
		},
		{
			"close changes share a hunk",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
			"one\n2\n3\n4\n5\n6\n7\neight\n9\n10\n",
			"--- old\n+++ new\n@@ -1,10 +1,10 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n 9\n 10\n",
		},
		{
			"distant changes get their own hunks",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n",
			"one\n2\n3\n4\n5\n6\n7\n8\n9\n10\neleven\n",
			"--- old\n+++ new\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -8,4 +8,4 @@\n 8\n 9\n 10\n-11\n+eleven\n",
		},
		{
			"insertion after the first line",
			"a\nc\n",
			"a\nb\nc\n",
			"--- old\n+++ new\n@@ -1,2 +1,3 @@\n a\n+b\n c\n",
		},
		{
			"lost final newline",
			"a\nb\n",
			"a\nb",
			"--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unified("old", "new", tt.old, tt.new)
			if got != tt.want {
				t.Errorf("Unified:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestEditScriptIsShortest checks on random inputs that the script turns a
// into b and that its length matches the longest common subsequence, which
// is what makes it a shortest script.
func TestEditScriptIsShortest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 2000 {
		a := randomLines(rng)
		b := randomLines(rng)
		ops := editScript(a, b)
		var gotA, gotB []string
		edits := 0
		for _, o := range ops {
			switch o.kind {
			case keep:
				if a[o.a] != b[o.b] {
					t.Fatalf("iter %d: kept %q against %q", iter, a[o.a], b[o.b])
				}
				gotA = append(gotA, a[o.a])
				gotB = append(gotB, b[o.b])
			case del:
				gotA = append(gotA, a[o.a])
				edits++
			case ins:
				gotB = append(gotB, b[o.b])
				edits++
			}
		}
		if fmt.Sprint(gotA) != fmt.Sprint(a) || fmt.Sprint(gotB) != fmt.Sprint(b) {
			t.Fatalf("iter %d: script for %q -> %q rebuilds %q -> %q", iter, a, b, gotA, gotB)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("iter %d: %q -> %q: %d edits, shortest has %d", iter, a, b, edits, want)
		}
	}
}

// TestUnifiedApplies applies random diffs back to the old text, so that hunk
// headers and context are checked on more shapes than the table covers.
func TestUnifiedApplies(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for iter := range 2000 {
		old := strings.Join(randomLines(rng), "")
		new := strings.Join(randomLines(rng), "")
		// Lines without a final newline must survive the round trip too.
		if rng.IntN(3) == 0 {
			old = strings.TrimSuffix(old, "\n")
		}
		if rng.IntN(3) == 0 {
			new = strings.TrimSuffix(new, "\n")
		}
		d := Unified("a", "b", old, new)
		if got := apply(t, old, d); got != new {
			t.Fatalf("iter %d: applying\n%s\nto %q gives %q, want %q", iter, d, old, got, new)
		}
	}
}

func randomLines(rng *rand.Rand) []string {
	lines := make([]string, rng.IntN(20))
	for i := range lines {
		lines[i] = strconv.Itoa(rng.IntN(4)) + "\n"
	}
	return lines
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}

// apply is a minimal patch(1) for the diffs Unified writes; it checks that
// context and deleted lines match old as it goes.
func apply(t *testing.T, old, diff string) string {
	t.Helper()
	if diff == "" {
		return old
	}
	a := splitLines(old)
	lines := splitLines(diff)[2:]
	var out []string
	pos := 0
	for len(lines) > 0 {
		var os, oc, ns, nc int
		h := strings.TrimSuffix(lines[0], "\n")
		if _, err := fmt.Sscanf(normalize(h), "@@ -%d,%d +%d,%d @@", &os, &oc, &ns, &nc); err != nil {
			t.Fatalf("bad hunk header %q: %v", h, err)
		}
		start := os - 1
		if oc == 0 {
			start = os
		}
		if start < pos {
			t.Fatalf("hunk %q overlaps the previous one", h)
		}
		out = append(out, a[pos:start]...)
		pos = start
		lines = lines[1:]
		for len(lines) > 0 && !strings.HasPrefix(lines[0], "@@") {
			kind, l := lines[0][0], lines[0][1:]
			if len(lines) > 1 && lines[1] == "\\ No newline at end of file\n" {
				l = strings.TrimSuffix(l, "\n")
				lines = lines[1:]
			}
			switch kind {
			case ' ', '-':
				if pos >= len(a) || a[pos] != l {
					t.Fatalf("hunk %q: line %d is %q in old, diff says %q", h, pos+1, a[min(pos, len(a)-1)], l)
				}
				if kind == ' ' {
					out = append(out, l)
				}
				pos++
			case '+':
				out = append(out, l)
			}
			lines = lines[1:]
		}
	}
	out = append(out, a[pos:]...)
	return strings.Join(out, "")
}

// normalize adds the ",1" counts that the unified format leaves out.
func normalize(h string) string {
	f := strings.Fields(h)
	for i := 1; i <= 2; i++ {
		if !strings.Contains(f[i], ",") {
			f[i] += ",1"
		}
	}
	return strings.Join(f, " ")
}
