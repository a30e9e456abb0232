package netcore

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The state machine sits on every operation's path; its lookups must cost
// no allocation. The benchmarks report it; TestLookupsDoNotAllocate holds
// the budget in the ordinary test run.

func BenchmarkState(b *testing.B) {
	c := newController(Tuning{})
	b.ReportAllocs()
	var s State
	for b.Loop() {
		s = c.State()
	}
	_ = s
}

func BenchmarkStateNext(b *testing.B) {
	b.ReportAllocs()
	var s State
	for b.Loop() {
		s, _ = StateConfigured.Next(EventSaved)
	}
	_ = s
}

func BenchmarkNICStateCan(b *testing.B) {
	b.ReportAllocs()
	var ok bool
	for b.Loop() {
		ok = nicStateConfigured.Can(nicEventGuestRemove)
	}
	_ = ok
}

func TestLookupsDoNotAllocate(t *testing.T) {
	c := newController(Tuning{})
	checks := map[string]func(){
		"State":           func() { _ = c.State() },
		"State.Next":      func() { _, _ = StateConfigured.Next(EventSaved) },
		"State.Can":       func() { _ = StateInvalid.Can(EventTeardownSucceeded) },
		"State.String":    func() { _ = StateSourceMigrating.String() },
		"nicState.Next":   func() { _, _ = nicStateConfigured.Next(nicEventGuestRemove) },
		"nicState.Can":    func() { _ = nicStateVMAttached.Can(nicEventVMRemove) },
		"nicState.IsTerm": func() { _ = nicStateRemoved.IsTerminal() },
	}
	for name, f := range checks {
		assert.Zero(t, testing.AllocsPerRun(100, f), "%s allocates per call", name)
	}
}
