/*
Stategen generates a Go state machine, and diagrams of it, from a small
spec file that lists the states, the events and the transition table.

The generated code is a pair of uint8 types with a dense lookup table: a
step is an array index, it never allocates on success, and the compiler
checks every state and event name the program uses. The diagrams are made
from the same spec, so the pictures in the documentation cannot drift from
the code.

# Usage

	stategen [flags] spec.fsm

It is meant to run from go generate, as a tool of the module, e.g.

	//go:generate go tool stategen -readme ../README.md ../gen/network.fsm
	//go:generate go tool stategen -dot ../gen/nic.dot ../gen/nic.fsm

Relative paths, in flags and in the spec argument, are relative to the
current directory, which under go generate is the package directory.

The flags are:

	-o file
		Write the Go code to file. The default is <spec>_fsm.go in the
		current directory, where <spec> is the spec's file name without its
		extension (nic.fsm gives nic_fsm.go).
	-diagram file
		Write the Mermaid state diagram to file. The default is <spec>.mmd
		next to the spec; -diagram= (empty) writes no diagram.
	-dot file
		Also write a Graphviz graph to file.
	-readme file
		Rewrite the part of file between the lines
			<!-- stategen:begin <spec> -->
			<!-- stategen:end <spec> -->
		to hold the Mermaid diagram in a ```mermaid fenced block. The rest of
		the file, marker lines included, is left byte for byte as it was. It
		is an error if file lacks the markers.
	-package name
		The package clause of the Go code. It overrides the spec's package
		directive; without either, stategen uses $GOPACKAGE, which go
		generate sets.
	-state-type Name, -event-type Name
		The names of the generated types. They override the spec's
		state-type and event-type directives; the defaults are State and
		Event.
	-check
		Write nothing. For each output that is missing or differs from what
		would be written, print a unified diff ("--- file (on disk)",
		"+++ file (generated)") to standard output, and exit 1 if there was
		any. Use it in CI to catch a forgotten go generate.

Files are only written when their content changes, so regenerating an
unchanged spec leaves modification times alone. A file is replaced by
renaming a new file over it, never by truncating it.

# Exit status

	0  success; under -check, every output is up to date
	1  the spec is invalid (every problem is printed, one per line, as
	   file:line:col: message), an output is stale under -check, or a file
	   could not be read or written
	2  the command line is wrong

# Spec language

A spec is a text file of lines. Leading and trailing blanks (spaces and
tabs) are ignored, as are blank lines and lines whose first non-blank
character is #. After the names of a directive or a transition, a word
starting with # begins a comment that runs to the end of the line; doc text
is the exception, as it runs to the end of the line whatever it contains.

	machine Name
		Required, once. Names the machine in doc comments, in error messages
		of the generated code and in diagram titles. It must be a Go
		identifier.
	package name
		Optional, once. The package of the generated code (see -package).
	state-type Name
	event-type Name
		Optional, once each. The names of the generated types (see
		-state-type and -event-type).
	initial Name
		Required, exactly once. The state a new machine is in.
	terminal Name...
		Optional, may be repeated. States in which the machine ends: they
		must have no outgoing transition.
	state Name  doc text
	event Name  doc text
		Declare a state or an event, with a doc line that becomes the
		comment of its constant. The doc text is required. States and
		events are numbered in the order they are declared, from 0.
	From --Event--> To
		A transition: Event moves the machine from state From to state To.
		Blanks around the names and arrows are optional.

State, event and type names must be exported Go identifiers: a Unicode
upper-case letter followed by letters, digits or underscores. A name may be
both a state and an event, since their constants have different prefixes.
Positions in messages count lines and columns from 1, columns in bytes, as
the Go tools do.

A spec is rejected, with every problem reported, when

  - a line is not a comment, a directive or a transition, or a directive
    lacks its name or has extra words;
  - the machine or initial directive is missing, or a once-only directive
    is repeated;
  - a transition, initial or terminal directive names an undeclared state
    or event, or a state or event is declared twice;
  - a name is not an exported Go identifier;
  - two rows give the same state and event (nondeterminism, or a plain
    repeat);
  - a state cannot be reached from the initial state, a non-terminal state
    has no outgoing transition, or a terminal state has one;
  - there are more than 255 states or 64 events;
  - no package name comes from -package, the spec or $GOPACKAGE, or the
    one that does is not a Go identifier;
  - two generated identifiers would be equal, e.g. a state named Count
    with the state type State gives StateCount twice;
  - the text holds invalid UTF-8 or control characters other than tab, which
    cannot go into a Go file.

Example:

	# A door.
	machine Door
	package door

	initial Closed
	terminal Broken

	state Closed  The door is shut.
	state Open    The door is open.
	state Broken  The door came off its hinges.

	event Push    Someone pushed the door.
	event Kick    Someone kicked the door.

	Closed --Push--> Open
	Open   --Push--> Closed
	Closed --Kick--> Broken
	Open   --Kick--> Broken  # it was open, but still

# Generated code

For state type S, event type E and machine M, the Go file declares:

	type S uint8
		Its doc comment holds the whole transition table, the initial and
		the terminal states.
	const S<Name> S
		One per state, in spec order from 0, commented with its doc line.
	type E uint8
	const E<Name> E
		Likewise for events.
	const SCount S, ECount E
		The number of states and events.
	const InitialS
		The initial state.
	func (S) String() string, func (E) String() string
		The spec's name, or S(n) / E(n) for a value out of range.
	func (S) IsValid() bool, func (E) IsValid() bool
	func (S) IsTerminal() bool
	func (S) Next(E) (S, error)
		The next state, or the unchanged state and a *STransitionError when
		the table has no transition for the pair (also when either value is
		out of range).
	func (S) Can(E) bool
		Whether Next would succeed.
	func (S) Events() ESet
		The events Next accepts in the state.
	type STransitionError struct{ From S; Event E }
		Its message is "M machine: no transition from <From> on <Event>".
	type ESet uint64
		A set of events with Has(E) bool, Len() int, All() iter.Seq[E]
		(ascending) and String() ("{A, B}").

It also declares unexported tables named _S... and _E.... The lookups
(String on valid values, IsValid, IsTerminal, Next on success, Can, Events,
Has, Len) do not allocate. The code imports only the standard library.

The Mermaid diagram is a stateDiagram-v2 titled with the machine name,
with [*] --> Initial, one From --> To: Event line per transition in spec
order, and Terminal --> [*] per terminal state. The Graphviz graph is a
digraph named after the machine, with a point for the start, double circles
for terminal states and edges labelled with events.
*/
package main
