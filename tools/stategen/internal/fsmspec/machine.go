// Package fsmspec reads the stategen spec language into a Machine and
// checks it, so that the generators never have to defend against a table
// that is ambiguous, incomplete or unusable.
package fsmspec

// Pos is a position in a spec file. Columns count bytes, as Go's own tools
// do, so editors that jump to file:line:col land on the right token.
type Pos struct {
	Line, Col int
}

// State is one declared state. Doc is the doc text from the state line; it
// becomes the comment of the generated constant.
type State struct {
	Name     string
	Doc      string
	Pos      Pos
	Terminal bool
}

// Event is one declared event.
type Event struct {
	Name string
	Doc  string
	Pos  Pos
}

// Transition is one From --Event--> To row. From, Event and To are indexes
// into Machine.States and Machine.Events; the parser keeps only rows whose
// names all resolve, so the generators can index without checking.
type Transition struct {
	From, Event, To          int
	FromPos, EventPos, ToPos Pos
}

// Machine is a parsed spec. Slices keep declaration order because every
// output (constants, diagrams, tables) is ordered by the spec, which keeps
// regenerated files stable under unrelated edits.
type Machine struct {
	Name string
	// Pos is where the machine directive is, or 1:1 when it is missing;
	// errors about the machine as a whole are reported there.
	Pos Pos

	// Package, StateType and EventType are empty when the spec leaves them
	// to the command line or the defaults. PackagePos is the position of
	// the package directive, even one without a name, so that a missing
	// package is not reported on top of a malformed directive.
	Package      string
	PackagePos   Pos
	StateType    string
	StateTypePos Pos
	EventType    string
	EventTypePos Pos

	Initial     int // index into States; -1 when missing or unresolved
	States      []State
	Events      []Event
	Transitions []Transition
}

// Terminals returns the terminal states' indexes in declaration order.
func (m *Machine) Terminals() []int {
	var ts []int
	for i, s := range m.States {
		if s.Terminal {
			ts = append(ts, i)
		}
	}
	return ts
}
