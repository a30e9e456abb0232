// Package fsmgen turns a checked fsmspec.Machine into Go source, a Mermaid
// state diagram, a README section holding the diagram, and a plain-text
// transition table for a section of a Go doc comment.
package fsmgen

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

// Names are the package-level identifiers a generated Go file declares. They
// are all derived from the two type names so that several machines can share
// a package, as long as their type names differ. Each is exported exactly
// when the state type is, so an unexported state type keeps the whole
// machine private to its package.
type Names struct {
	State, Event    string
	Initial         string
	TransitionError string

	// The counts, tables and no-transition mark behind the methods; their
	// leading underscore keeps them out of the package's API, exported type
	// or not.
	StateCount  string
	EventCount  string
	StateNames  string
	EventNames  string
	Transitions string
	None        string
}

// NewNames derives the identifiers for the given state and event type names.
func NewNames(stateType, eventType string) Names {
	return Names{
		State:           stateType,
		Event:           eventType,
		Initial:         initialName(stateType),
		TransitionError: stateType + "TransitionError",
		StateCount:      "_" + stateType + "Count",
		EventCount:      "_" + eventType + "Count",
		StateNames:      "_" + stateType + "Names",
		EventNames:      "_" + eventType + "Names",
		Transitions:     "_" + stateType + "Transitions",
		None:            "_" + stateType + "None",
	}
}

// initialName is Initial followed by the state type, with the case of the
// type's first letter moved to the front so that the constant is exported
// exactly when the type is: InitialState for State, initialNicState for
// nicState.
func initialName(stateType string) string {
	r, size := utf8.DecodeRuneInString(stateType)
	if unicode.IsUpper(r) {
		return "Initial" + stateType
	}
	return "initial" + string(unicode.ToUpper(r)) + stateType[size:]
}

// StateConst is the constant for the named state.
func (n Names) StateConst(name string) string { return n.State + name }

// EventConst is the constant for the named event.
func (n Names) EventConst(name string) string { return n.Event + name }

// CheckNames reports every generated identifier that would be declared
// twice, e.g. a state named TransitionError next to the StateTransitionError type. The
// compiler would catch it too, but only in the generated file, far from the
// spec line that caused it.
func CheckNames(file string, m *fsmspec.Machine, n Names) fsmspec.ErrorList {
	typePos := func(specName, name string, specPos fsmspec.Pos) fsmspec.Pos {
		if specName == name {
			return specPos
		}
		return m.Pos
	}
	type decl struct {
		ident, what string
		pos         fsmspec.Pos
	}
	decls := []decl{
		{n.State, "the state type", typePos(m.StateType, n.State, m.StateTypePos)},
		{n.Event, "the event type", typePos(m.EventType, n.Event, m.EventTypePos)},
		{n.Initial, "the initial state", m.Pos},
		{n.TransitionError, "the transition error type", m.Pos},
		{n.StateCount, "the state count", m.Pos},
		{n.EventCount, "the event count", m.Pos},
		{n.StateNames, "the state name table", m.Pos},
		{n.EventNames, "the event name table", m.Pos},
		{n.Transitions, "the transition table", m.Pos},
		{n.None, "the no-transition mark", m.Pos},
	}
	for _, s := range m.States {
		decls = append(decls, decl{n.StateConst(s.Name), "state " + s.Name, s.Pos})
	}
	for _, e := range m.Events {
		decls = append(decls, decl{n.EventConst(e.Name), "event " + e.Name, e.Pos})
	}
	var errs fsmspec.ErrorList
	first := map[string]decl{}
	for _, d := range decls {
		if f, dup := first[d.ident]; dup {
			errs = append(errs, fsmspec.Error{File: file, Pos: d.pos, Msg: fmt.Sprintf(
				"generated identifier %s for %s clashes with the one for %s", d.ident, d.what, f.what)})
			continue
		}
		first[d.ident] = d
	}
	return errs
}
