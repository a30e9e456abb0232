package conformance

import (
	"fmt"
	"strings"
)

// DivergenceTail is how many steps before the diverging one a
// [Divergence]'s finding shows: enough to see how the pod got there, few
// enough that a report stays readable. The whole trace is in
// [Divergence.Trace].
const DivergenceTail = 8

// Divergence is where a random sequence first parted from the reference
// model of the lifecycle: what replays it and what went wrong at which
// step.
type Divergence struct {
	// Seed replays the sequence (with $CONFORMANCE_SEED or Suite.Seed).
	Seed int64
	// Step is the 1-based index in Trace of the step that diverged; 0
	// when the sequence diverged before its first step.
	Step int
	// Op is that step as the trace names it: the operation, the state it
	// started in and what it returned ("Setup in NotConfigured -> <nil>").
	Op string
	// Finding says how the controller parted from the model.
	Finding string
	// Trace is every step of the sequence up to and including Op.
	Trace []string
}

// Tail returns at most n steps before the diverging one, oldest first.
func (d Divergence) Tail(n int) []string {
	end := max(d.Step-1, 0)
	return d.Trace[max(end-n, 0):end]
}

// String is the finding as the suite reports it: what diverged, the seed
// that replays it, the failing step, and the [DivergenceTail] steps
// before it, never the whole trace.
func (d Divergence) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nseed %d (replay: %s=%d)\ndiverged at step %d: %s", d.Finding, d.Seed, SeedEnv, d.Seed, d.Step, d.Op)
	if tail := d.Tail(DivergenceTail); len(tail) > 0 {
		fmt.Fprintf(&b, "\nthe %d steps before it:", len(tail))
		for _, s := range tail {
			b.WriteString("\n  ")
			b.WriteString(s)
		}
	}
	return b.String()
}

// diverged records the first divergence of the scenario's random
// sequence; later ones (there are none: a divergence ends the sequence)
// would not replace it.
func (r *reporter) diverged(d *Divergence) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.divergence == nil {
		r.divergence = d
	}
}
