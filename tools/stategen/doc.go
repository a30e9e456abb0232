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

	//go:generate go tool stategen ../gen/network.fsm

which writes network_fsm.go here (the table in the state type's
documentation) and ../gen/network.mmd (the diagram). -readme and -doc
splice copies into hand-written files; uvmnet uses neither, so
that each reader finds one rendering.

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
	-readme file
		Rewrite the part of file between the lines
			<!-- stategen:begin <spec> -->
			<!-- stategen:end <spec> -->
		to hold the Mermaid diagram in a ```mermaid fenced block. The rest of
		the file, marker lines included, is left byte for byte as it was. It
		is an error if file lacks the markers.
	-doc file
		Rewrite the comment lines of the Go file between
			//	stategen:begin <spec>
			//	stategen:end <spec>
		to hold the transition table as plain text (see Doc table below).
		The markers are code-block lines of a doc comment, indented by a
		tab, so that gofmt leaves them in place; the table lines are too,
		so go doc shows markers and table as one code block. Put a blank
		comment line (//) before the begin marker and after the end marker,
		as gofmt wants around a code block. The rest of the file is left
		byte for byte as it was; it is an error if the file lacks the
		markers, and -readme and -doc may not name the same file.
	-package name
		The package clause of the Go code. It overrides the spec's package
		directive; without either, stategen uses $GOPACKAGE, which go
		generate sets.
	-state-type name, -event-type name
		The names of the generated types. They override the spec's
		state-type and event-type directives; the defaults are State and
		Event.

Files are only written when their content changes, so regenerating an
unchanged spec leaves modification times alone. A file is replaced by
renaming a new file over it, never by truncating it. stategen has no
check mode: to catch a forgotten go generate, regenerate and look for a
difference in version control, as the repository's make check-generate
does.

# Exit status

	0  success
	1  the spec is invalid (every problem is printed, one per line, as
	   file:line:col: message), or a file could not be read or written
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
	state-type name
	event-type name
		Optional, once each. The names of the generated types (see
		-state-type and -event-type). An unexported name (nicState) makes
		every generated identifier unexported, so that the machine stays
		private to its package.
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

State and event names must be exported Go identifiers: a Unicode
upper-case letter followed by letters, digits or underscores, since each
constant is the type name followed by the state or event name. Type names
may be exported or not, but an unexported one must not shadow a name the
generated code uses: a predeclared identifier (string, uint8, error, ...),
strconv, or the receivers and locals s, e, err and next. A name may be both
a state and an event, since their constants have different prefixes.
Positions in messages count lines and columns from 1, columns in bytes, as
the Go tools do. A message names a file as it was given, relative to the
directory the command started in; under go generate ($GOFILE set), which
starts it in the package directory rather than where `go generate ./...`
was typed, it names the file by its absolute path, so that the message
resolves wherever its reader is.

Problems are listed causes first, each group in file order. A problem that
another may have caused (a state left unreachable, or without a way out,
because a transition naming an unknown state was dropped; a missing
initial directive when some line began with an unknown directive) comes
after every cause and ends in "(perhaps because of an error above)". An
unknown state, event or directive is reported with the declared name it
most likely meant, when one is close: the same name in another case, a
name it begins (of at least three letters), or one at most two edits away
that keeps more than half of it.

A spec is rejected, with every problem reported, when

  - a line is not a comment, a directive or a transition, or a directive
    lacks its name or has extra words;
  - the machine or initial directive is missing, or a once-only directive
    is repeated;
  - a transition, initial or terminal directive names an undeclared state
    or event, or a state or event is declared twice;
  - a state or event name is not an exported Go identifier, or a type
    name is not a Go identifier or shadows one as described above;
  - two rows give the same state and event (nondeterminism, or a plain
    repeat);
  - a state cannot be reached from the initial state, a non-terminal state
    has no outgoing transition, or a terminal state has one;
  - there are more than 255 states or 64 events;
  - no package name comes from -package, the spec or $GOPACKAGE, or the
    one that does is not a Go identifier;
  - two generated identifiers would be equal, e.g. a state named
    TransitionError with the state type State gives StateTransitionError
    twice;
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

Every file stategen writes, and the diagram it splices into a README,
begins with the exact command that produced it, as stringer does:

	// Code generated by "stategen -doc doc.go ../gen/nic.fsm"; DO NOT EDIT.

For state type S, event type E and machine M, the Go file declares only
what a package driving the machine needs:

	type S uint8
		Its doc comment holds the whole transition table, the initial and
		the terminal states.
	const S<Name> S
		One per state, in spec order from 0, commented with its doc line.
	type E uint8
	const E<Name> E
		Likewise for events.
	const InitialS
		The initial state. For an unexported S the name starts with
		initial and S's first letter is upper-cased: nicState gives
		initialNicState.
	func (S) String() string, func (E) String() string
		The spec's name, or S(n) / E(n) for a value out of range.
	func (S) IsTerminal() bool
	func (S) Next(E) (S, error)
		The next state, or the unchanged state and a *STransitionError when
		the table has no transition for the pair (also when either value is
		out of range).
	func (S) Can(E) bool
		Whether Next would succeed.
	type STransitionError struct{ From S; Event E }
		Its message is "M machine: no transition from <From> on <Event>".

Everything else is unexported and starts with an underscore, so it is
outside the package's API whatever S is: the counts _SCount and _ECount
(every valid value is below its count; a test in the package can range
over them to cover every state), the name tables _SNames and _ENames, the
table _STransitions and the no-transition mark _SNone. The lookups
(String on valid values, IsTerminal, Next on success, Can) do not
allocate. The code imports only strconv.

The Mermaid diagram is a stateDiagram-v2 titled with the machine name,
with [*] --> Initial, one From --> To: Event line per transition in spec
order, and Terminal --> [*] per terminal state.

# Doc table

The table -doc writes is in the spec's own syntax, so a reader can hold it
against the spec: an initial line, a terminal line listing the terminal
states (none when there are none), then every transition as
From --Event--> To, grouped by source state in the order the states are
declared, in spec order within a group, a blank line between groups and
the columns aligned. For the door above:

	initial  Closed
	terminal Broken

	Closed  --Push-->  Open
	Closed  --Kick-->  Broken

	Open    --Push-->  Closed
	Open    --Kick-->  Broken
*/
package main
