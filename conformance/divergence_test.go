package conformance

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDivergenceShowsTheFailingStepAndABoundedTail(t *testing.T) {
	d := Divergence{Seed: 3, Finding: "state Configured, want Invalid"}
	for i := 1; i <= 40; i++ {
		d.Trace = append(d.Trace, fmt.Sprintf("step %d", i))
	}
	d.Step, d.Op = 40, "step 40"
	assert.Equal(t, []string{"step 32", "step 33", "step 34", "step 35", "step 36", "step 37", "step 38", "step 39"}, d.Tail(DivergenceTail))
	text := d.String()
	assert.True(t, strings.HasPrefix(text, "state Configured, want Invalid\nseed 3 (replay: CONFORMANCE_SEED=3)\ndiverged at step 40: step 40\nthe 8 steps before it:\n  step 32\n"), text)
	assert.NotContains(t, text, "step 31\n")
	assert.Equal(t, 4+DivergenceTail, strings.Count(text, "\n")+1)

	early := Divergence{Seed: 3, Finding: "f", Trace: []string{"Setup"}, Step: 1, Op: "Setup"}
	assert.Empty(t, early.Tail(DivergenceTail))
	assert.Equal(t, "f\nseed 3 (replay: CONFORMANCE_SEED=3)\ndiverged at step 1: Setup", early.String())
	assert.Empty(t, Divergence{}.Tail(DivergenceTail), "a sequence that diverged before its first step")
}

// The reporter keeps the first divergence and runScenario hands it on
// with the contract result only.
func TestRunScenarioCarriesTheDivergence(t *testing.T) {
	first := &Divergence{Seed: 1, Finding: "first", Trace: []string{"a"}, Step: 1, Op: "a"}
	res, _ := runScenario(scenario{name: "random/ns-on", run: func(r *reporter, _ binding) {
		r.diverged(first)
		r.diverged(&Divergence{Finding: "second"})
		r.Errorf("%s", first)
		r.Extf("an extension too")
	}}, named, true)
	require.Len(t, res, 2)
	assert.Same(t, first, res[0].Divergence)
	assert.Nil(t, res[1].Divergence)
}
