package fsmspec

import (
	"fmt"
	"strings"
)

// ref is a name as written on a line, before it is resolved against the
// declarations, which may come later in the file.
type ref struct {
	name string
	pos  Pos
}

type row struct {
	from, event, to ref
}

type parser struct {
	file string
	m    *Machine
	errs ErrorList

	seen map[string]Pos // first position of each once-only directive
	// unknownDirective and dropped record problems that later checks may
	// be consequences of (see Error.FollowOn).
	unknownDirective bool // a line started with a word that is no directive
	dropped          bool // a transition or terminal name did not resolve or parse
	initial          *ref
	terms            []ref
	rows             []row
	stateIdx         map[string]int
	eventIdx         map[string]int
}

// Parse reads and checks the spec in src; file is only used in errors. It
// always returns a Machine, which is complete and valid exactly when the
// error list is empty. The list is sorted by position.
func Parse(file string, src []byte) (*Machine, ErrorList) {
	p := &parser{
		file:     file,
		m:        &Machine{Pos: Pos{1, 1}, Initial: -1},
		seen:     map[string]Pos{},
		stateIdx: map[string]int{},
		eventIdx: map[string]int{},
	}
	text := string(src)
	if rest, ok := strings.CutPrefix(text, "\uFEFF"); ok {
		// Blank the byte order mark out rather than dropping it so that
		// columns on the first line still count bytes of the file.
		text = "   " + rest
	}
	for i, line := range strings.Split(text, "\n") {
		p.line(i+1, strings.TrimSuffix(line, "\r"))
	}
	p.resolve()
	check(p)
	p.errs.Sort()
	return p.m, p.errs
}

func (p *parser) errorf(pos Pos, format string, args ...any) {
	p.errs = append(p.errs, Error{File: p.file, Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func at(line int, t word) Pos { return Pos{line, t.off + 1} }

func (p *parser) line(n int, s string) {
	if off, msg := badChar(s); off >= 0 {
		p.errorf(Pos{n, off + 1}, "%s", msg)
		return
	}
	toks := fields(s, 0)
	if len(toks) == 0 || strings.HasPrefix(toks[0].text, "#") {
		return
	}
	kw := toks[0]
	// Doc text runs to the end of the line, so only the other directives
	// have trailing comments.
	args := toks[1:]
	for i, t := range args {
		if strings.HasPrefix(t.text, "#") {
			args = args[:i]
			break
		}
	}
	switch kw.text {
	case "machine":
		if t, ok := p.once(n, kw, args); ok {
			if !IsIdent(t.text) {
				p.errorf(at(n, t), "machine name %q is not a Go identifier", t.text)
			}
			p.m.Name, p.m.Pos = t.text, at(n, kw)
		}
	case "package":
		p.m.PackagePos = at(n, kw)
		if t, ok := p.once(n, kw, args); ok {
			if !IsIdent(t.text) {
				p.errorf(at(n, t), "package name %q is not a Go identifier", t.text)
			}
			p.m.Package = t.text
		}
	case "state-type", "event-type":
		if t, ok := p.once(n, kw, args); ok {
			what, _ := strings.CutSuffix(kw.text, "-type")
			if !IsTypeName(t.text) {
				p.errorf(at(n, t), "%s type %q %s", what, t.text, TypeNameProblem(t.text))
			}
			if what == "state" {
				p.m.StateType, p.m.StateTypePos = t.text, at(n, t)
			} else {
				p.m.EventType, p.m.EventTypePos = t.text, at(n, t)
			}
		}
	case "initial":
		if t, ok := p.once(n, kw, args); ok {
			p.initial = &ref{t.text, at(n, t)}
		}
	case "terminal":
		if len(args) == 0 {
			p.errorf(at(n, kw), "terminal directive needs at least one state name")
		}
		for _, t := range args {
			p.terms = append(p.terms, ref{t.text, at(n, t)})
		}
	case "state", "event":
		p.decl(n, s, kw, toks[1:])
	default:
		if strings.Contains(s, "--") {
			p.transition(n, s)
			return
		}
		p.unknownDirective = true
		p.errorf(at(n, kw), "unknown directive %q%s", kw.text, didYouMean(kw.text, directives))
	}
}

// once handles the directives that take exactly one name and may appear
// only once, returning the name when there is one to record.
func (p *parser) once(n int, kw word, args []word) (word, bool) {
	if first, dup := p.seen[kw.text]; dup {
		p.errorf(at(n, kw), "duplicate %s directive (first at line %d)", kw.text, first.Line)
		return word{}, false
	}
	p.seen[kw.text] = at(n, kw)
	if len(args) == 0 {
		p.errorf(at(n, kw), "%s directive needs a name", kw.text)
		return word{}, false
	}
	if len(args) > 1 {
		p.errorf(at(n, args[1]), "unexpected %q after %s name", args[1].text, kw.text)
	}
	return args[0], true
}

func (p *parser) decl(n int, s string, kw word, rest []word) {
	what := kw.text
	if len(rest) == 0 {
		p.errorf(at(n, kw), "%s directive needs a name", what)
		return
	}
	name := rest[0]
	pos := at(n, name)
	doc := strings.TrimSpace(s[name.off+len(name.text):])
	if !IsExportedIdent(name.text) {
		p.errorf(pos, "%s name %q is not an exported Go identifier", what, name.text)
	}
	if doc == "" {
		p.errorf(pos, "%s %s has no doc line", what, name.text)
	}
	idx := p.stateIdx
	if what == "event" {
		idx = p.eventIdx
	}
	if first, dup := idx[name.text]; dup {
		firstLine := 0
		if what == "state" {
			firstLine = p.m.States[first].Pos.Line
		} else {
			firstLine = p.m.Events[first].Pos.Line
		}
		p.errorf(pos, "duplicate %s %s (first declared at line %d)", what, name.text, firstLine)
		return
	}
	if what == "state" {
		idx[name.text] = len(p.m.States)
		p.m.States = append(p.m.States, State{Name: name.text, Doc: doc, Pos: pos})
	} else {
		idx[name.text] = len(p.m.Events)
		p.m.Events = append(p.m.Events, Event{Name: name.text, Doc: doc, Pos: pos})
	}
}

// transition parses "From --Event--> To". The arrows are found by text, not
// by token, so that the spaces around them are optional.
func (p *parser) transition(n int, s string) {
	open := strings.Index(s, "--")
	arrow := strings.Index(s[open+2:], "-->")
	if arrow < 0 {
		p.dropped = true
		p.errorf(Pos{n, open + 1}, `malformed transition: want "From --Event--> To"`)
		return
	}
	arrow += open + 2
	end := len(s)
	if i := strings.IndexByte(s[arrow+3:], '#'); i >= 0 {
		end = arrow + 3 + i
	}
	from, ok1 := p.part(n, s, 0, open, open, "source state")
	event, ok2 := p.part(n, s, open+2, arrow, open, "event")
	to, ok3 := p.part(n, s, arrow+3, end, arrow, "target state")
	if ok1 && ok2 && ok3 {
		p.rows = append(p.rows, row{from, event, to})
	} else {
		p.dropped = true
	}
}

// part extracts the single name expected in s[lo:hi]; anchor is where to
// report it missing.
func (p *parser) part(n int, s string, lo, hi, anchor int, what string) (ref, bool) {
	toks := fields(s[lo:hi], lo)
	switch {
	case len(toks) == 0:
		p.errorf(Pos{n, anchor + 1}, "malformed transition: missing %s", what)
		return ref{}, false
	case len(toks) > 1:
		p.errorf(at(n, toks[1]), "malformed transition: unexpected %q after %s", toks[1].text, what)
		return ref{}, false
	}
	return ref{toks[0].text, at(n, toks[0])}, true
}

// resolve turns names into indexes now that every declaration is known.
func (p *parser) resolve() {
	if p.initial != nil {
		if i, ok := p.lookup(p.stateIdx, *p.initial, "state"); ok {
			p.m.Initial = i
		}
	}
	firstTerm := map[int]Pos{}
	for _, t := range p.terms {
		i, ok := p.lookup(p.stateIdx, t, "state")
		if !ok {
			p.dropped = true
			continue
		}
		if first, dup := firstTerm[i]; dup {
			p.errorf(t.pos, "state %s is listed as terminal twice (first at %d:%d)", t.name, first.Line, first.Col)
			continue
		}
		firstTerm[i] = t.pos
		p.m.States[i].Terminal = true
	}
	for _, r := range p.rows {
		from, ok1 := p.lookup(p.stateIdx, r.from, "state")
		event, ok2 := p.lookup(p.eventIdx, r.event, "event")
		to, ok3 := p.lookup(p.stateIdx, r.to, "state")
		if !ok1 || !ok2 || !ok3 {
			p.dropped = true
			continue
		}
		p.m.Transitions = append(p.m.Transitions, Transition{
			From: from, Event: event, To: to,
			FromPos: r.from.pos, EventPos: r.event.pos, ToPos: r.to.pos,
		})
	}
}

// lookup resolves a state or event name, reporting an unknown one with the
// closest declared name, if one is close enough to be a slip.
func (p *parser) lookup(idx map[string]int, r ref, what string) (int, bool) {
	i, ok := idx[r.name]
	if !ok {
		declared := make([]string, 0, len(idx))
		if what == "state" {
			for _, s := range p.m.States {
				declared = append(declared, s.Name)
			}
		} else {
			for _, e := range p.m.Events {
				declared = append(declared, e.Name)
			}
		}
		p.errorf(r.pos, "unknown %s %q%s", what, r.name, didYouMean(r.name, declared))
	}
	return i, ok
}
