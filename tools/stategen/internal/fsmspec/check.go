package fsmspec

// The generated code stores states and events in uint8, keeps 0xFF free as
// the "no transition" mark, and puts an event set in a uint64.
const (
	MaxStates = 255
	MaxEvents = 64
)

// check runs the whole-machine rules, which need every line resolved first.
func check(p *parser) {
	m := p.m
	if _, ok := p.seen["machine"]; !ok {
		p.errorf(Pos{1, 1}, "missing machine directive")
		p.errs[len(p.errs)-1].FollowOn = p.unknownDirective
	}
	if _, ok := p.seen["initial"]; !ok {
		p.errorf(m.Pos, "missing initial directive")
		// A misspelt directive may have been meant as the initial one.
		p.errs[len(p.errs)-1].FollowOn = p.unknownDirective
	}
	if len(m.States) > MaxStates {
		p.errorf(m.States[MaxStates].Pos, "too many states: %d declared, at most %d", len(m.States), MaxStates)
	}
	if len(m.Events) > MaxEvents {
		p.errorf(m.Events[MaxEvents].Pos, "too many events: %d declared, at most %d", len(m.Events), MaxEvents)
	}
	checkRows(p)
	checkGraph(p)
}

// checkRows rejects rows that make Next ambiguous and drops repeats, so that
// each (state, event) pair appears at most once in m.Transitions.
func checkRows(p *parser) {
	m := p.m
	type pair struct{ from, event int }
	first := map[pair]Transition{}
	kept := m.Transitions[:0]
	for _, t := range m.Transitions {
		from, event, to := m.States[t.From].Name, m.Events[t.Event].Name, m.States[t.To].Name
		if f, dup := first[pair{t.From, t.Event}]; dup {
			if f.To == t.To {
				p.errorf(t.FromPos, "duplicate transition %s --%s--> %s (first at line %d)", from, event, to, f.FromPos.Line)
			} else {
				p.errorf(t.FromPos, "nondeterministic transition: %s on %s goes to %s here and to %s at line %d",
					from, event, to, m.States[f.To].Name, f.FromPos.Line)
			}
			continue
		}
		first[pair{t.From, t.Event}] = t
		if m.States[t.From].Terminal {
			p.errorf(t.FromPos, "terminal state %s has an outgoing transition", from)
		}
		kept = append(kept, t)
	}
	m.Transitions = kept
}

// checkGraph finds states that can never be entered and states the machine
// could get stuck in without having reached an end. When a line was
// dropped before the graph was built (a transition that did not parse or
// named an unknown state or event, a terminal directive naming an unknown
// state), what it finds may be only a consequence of that, and is marked
// as a follow-on.
func checkGraph(p *parser) {
	m := p.m
	first := len(p.errs)
	defer func() {
		for i := first; i < len(p.errs); i++ {
			p.errs[i].FollowOn = p.dropped
		}
	}()
	out := make([][]int, len(m.States))
	for _, t := range m.Transitions {
		out[t.From] = append(out[t.From], t.To)
	}
	if m.Initial >= 0 {
		reached := make([]bool, len(m.States))
		reached[m.Initial] = true
		queue := []int{m.Initial}
		for len(queue) > 0 {
			s := queue[0]
			queue = queue[1:]
			for _, to := range out[s] {
				if !reached[to] {
					reached[to] = true
					queue = append(queue, to)
				}
			}
		}
		for i, s := range m.States {
			if !reached[i] {
				p.errorf(s.Pos, "state %s is unreachable from initial state %s", s.Name, m.States[m.Initial].Name)
			}
		}
	}
	for i, s := range m.States {
		if !s.Terminal && len(out[i]) == 0 {
			p.errorf(s.Pos, "state %s has no outgoing transition and is not terminal", s.Name)
		}
	}
}
