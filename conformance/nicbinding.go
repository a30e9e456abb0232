package conformance

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sync"

	"go.uber.org/mock/gomock"
)

// The call-contract scenarios name every NIC before it exists, with the
// IDs of the suite's generator. A controller that picks its own NIC IDs
// (hcsshim's draws random GUIDs) is held to the same calls through a
// nicBinder: an expected call's suite NIC ID matches whatever ID the
// controller first uses in its place, and that ID from then on.

// suiteNICID matches the IDs nicID hands out.
var suiteNICID = regexp.MustCompile(`^d1c00000-[0-9a-f]{4}-4000-8000-[0-9a-f]{12}$`)

// nicBinder ties the suite's NIC IDs to the controller's. A nil binder
// ties each ID to itself: the controller draws from the suite's generator.
type nicBinder struct {
	mu    sync.Mutex
	bound map[string]string // suite ID -> controller's
	taken map[string]string // controller's ID -> suite ID
}

// newNICBinder returns the binder a scenario needs for b: nil when b's
// controller takes its NIC IDs from the suite.
func newNICBinder(b binding) *nicBinder {
	if b.Capabilities.NICIDs {
		return nil
	}
	return &nicBinder{bound: map[string]string{}, taken: map[string]string{}}
}

// foreign is the controller's ID for the suite's id, as far as known.
func (nb *nicBinder) foreign(id string) string {
	if nb == nil {
		return id
	}
	nb.mu.Lock()
	defer nb.mu.Unlock()
	if f, ok := nb.bound[id]; ok {
		return f
	}
	return id
}

// args returns the arguments of one expected call, each matched through
// the binder; the bindings a match makes are kept only if every argument
// matched. Without a binder each matches an equal value.
func (nb *nicBinder) args(args ...any) []any {
	if nb == nil {
		return expectedArgs(args)
	}
	try := &bindAttempt{nb: nb}
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = boundArg{want: a, try: try, first: i == 0, last: i == len(args)-1}
	}
	return out
}

// bindAttempt collects the bindings one candidate call would make.
type bindAttempt struct {
	nb      *nicBinder
	pending map[string]string
}

// boundArg matches one argument, suite NIC IDs in want standing for the
// controller's.
type boundArg struct {
	want        any
	try         *bindAttempt
	first, last bool
}

func (m boundArg) Matches(x any) bool {
	nb := m.try.nb
	nb.mu.Lock()
	defer nb.mu.Unlock()
	if m.first {
		m.try.pending = map[string]string{}
	}
	ok := m.matches(x)
	switch {
	case !ok:
		m.try.pending = nil
	case m.last:
		for s, f := range m.try.pending {
			nb.bound[s], nb.taken[f] = f, s
		}
		m.try.pending = nil
	}
	return ok
}

func (m boundArg) matches(x any) bool {
	if mm, ok := m.want.(gomock.Matcher); ok {
		return mm.Matches(x)
	}
	want, errW := jsonTree(m.want)
	got, errG := jsonTree(x)
	if errW != nil || errG != nil {
		return reflect.DeepEqual(m.want, x)
	}
	return m.same(want, got)
}

// same compares two JSON trees, a suite NIC ID in want matching the
// controller's ID bound to it, or, unbound, any ID not bound to another.
func (m boundArg) same(want, got any) bool {
	switch w := want.(type) {
	case string:
		g, ok := got.(string)
		if !ok {
			return false
		}
		if !suiteNICID.MatchString(w) {
			return w == g
		}
		nb := m.try.nb
		if f, ok := nb.bound[w]; ok {
			return f == g
		}
		if f, ok := m.try.pending[w]; ok {
			return f == g
		}
		if s, ok := nb.taken[g]; ok && s != w {
			return false
		}
		m.try.pending[w] = g
		return true
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, v := range w {
			if gv, ok := g[k]; !ok || !m.same(v, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !m.same(w[i], g[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(want, got)
}

// Got prints x with its field names and the fields in which it differs.
func (m boundArg) Got(x any) string { return gotAgainst(m.want, x, true) }

func (m boundArg) String() string {
	return fmt.Sprintf("%+v (NIC IDs bound to the controller's)", m.want)
}

// jsonTree is v as the generic tree its JSON decodes to.
func jsonTree(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var t any
	err = json.Unmarshal(raw, &t)
	return t, err
}
