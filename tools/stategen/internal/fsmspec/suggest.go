package fsmspec

import (
	"fmt"
	"strings"
)

// directives are the words a spec line may start with, for suggestions.
var directives = []string{"machine", "package", "state-type", "event-type", "initial", "terminal", "state", "event"}

// didYouMean returns ` (did you mean "X"?)` for the candidate closest to
// name, or "" when none is close enough to be a slip of the keyboard:
// the same name in another case, a prefix of at least three letters
// ("Renew" for "Renewing"), or at most two edits that leave more than half
// of the candidate intact. Ties go to the earlier candidate, which for
// states and events is the one declared first.
func didYouMean(name string, candidates []string) string {
	lower := strings.ToLower(name)
	best, bestDist := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := editDistance(lower, lc)
		near := d == 0 ||
			len(lower) >= 3 && strings.HasPrefix(lc, lower) ||
			d <= 2 && 2*d < len(lc)
		if near && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b, in bytes:
// spec names are Go identifiers, almost always ASCII.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
