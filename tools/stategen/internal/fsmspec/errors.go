package fsmspec

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a spec, printed as file:line:col: message so that
// editors and CI log viewers can link it to the spec line.
type Error struct {
	File string
	Pos  Pos
	Msg  string
	// FollowOn marks a problem that another one in the same list may
	// have caused: a state left unreachable because a transition naming
	// a misspelt state was dropped, a missing initial directive whose line
	// was a misspelt directive. It is printed after every cause, and says
	// so, because the cause is what the author must fix first.
	FollowOn bool
}

// Error returns the problem as "file:line:col: message".
func (e Error) Error() string {
	msg := e.Msg
	if e.FollowOn {
		msg += " (perhaps because of an error above)"
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, msg)
}

// ErrorList holds every problem found, so one run shows a spec author all of
// them instead of one per attempt.
type ErrorList []Error

// Error returns one problem per line, in the list's order.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort puts causes before follow-on problems and orders each group by
// position. It is stable so that several problems on one token keep the
// order in which the checks found them.
func (l ErrorList) Sort() {
	slices.SortStableFunc(l, func(a, b Error) int {
		return cmp.Or(
			compareBool(a.FollowOn, b.FollowOn),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
