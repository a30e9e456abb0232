package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/othernet"
	"github.com/uvmnet/uvmnet/conformance/internal/othernetbind"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// The reports of a deliberately broken binding: what an integrator whose
// controller is wrong reads.

// leaksFirstNIC is uvmnet's own controller on Linux guests with a VM
// manager whose first hot-remove never reaches the VM: a controller that
// leaks a NIC, which fails hundreds of cells and every random sequence.
func leaksFirstNIC() conformance.Binding {
	s := lcow.Uvmnet()
	build := s.New
	s.New = func(pod conformance.Pod[netlcow.GuestNetworkManager]) (conformance.Controller, error) {
		pod.VM = &skipsFirstHotRemove{VMNetworkManager: pod.VM}
		return build(pod)
	}
	return conformance.Bind(lcow.Platform(), s)
}

type skipsFirstHotRemove struct {
	netcore.VMNetworkManager
	once sync.Once
}

func (v *skipsFirstHotRemove) RemoveNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	skipped := false
	v.once.Do(func() { skipped = true })
	if skipped {
		return nil
	}
	return v.VMNetworkManager.RemoveNIC(ctx, nicID, a)
}

func checkBroken(t *testing.T, b conformance.Binding) conformance.Report {
	t.Helper()
	reps, err := conformance.Suite{Seed: 1}.Check(b)
	require.NoError(t, err)
	require.Len(t, reps, 1, "one run on Linux guests")
	rep := reps[0]
	require.Greater(t, rep.Failed(), 0, "the binding is broken on purpose")
	return rep
}

// Before the summary showed each family once, it printed every failure
// in full and every random sequence's whole trace: 5,638 lines for this
// binding (341 failed results).
func TestSummaryOfALeakingBindingStaysShort(t *testing.T) {
	rep := checkBroken(t, leaksFirstNIC())
	var out bytes.Buffer
	require.NoError(t, writeSummary(&out, rep))
	text := out.String()
	lines := strings.Count(text, "\n")
	t.Logf("%d failed results, summary of %d lines", rep.Failed(), lines)
	// Each failing family: a header, the first cell's name, its finding
	// (bounded) and a bounded list of the others; a blank line between.
	families := 0
	for _, ta := range tallies(rep) {
		if ta.failed > 0 {
			families++
		}
	}
	assert.LessOrEqual(t, lines, len(tallies(rep))+1+families*(3+maxFindingLines+maxAlsoLines+1)+conformance.DivergenceTail+3+3)
	assert.Less(t, lines, rep.Failed()*3/2, "fewer lines than one and a half per failed result")
	for i, line := range strings.Split(text, "\n") {
		assert.LessOrEqual(t, len(line), summaryWidth, "line %d", i+1)
	}

	var random *conformance.Divergence
	for _, res := range rep.Results {
		if res.Divergence != nil {
			random = res.Divergence
			break
		}
	}
	require.NotNil(t, random, "a leak fails the random sequences")
	require.Greater(t, len(random.Trace), conformance.DivergenceTail+1, "a trace long enough to be cut")
	assert.Equal(t, random.Trace[random.Step-1], random.Op)
	assert.Contains(t, text, "diverged at step ")
	assert.Contains(t, text, "the 8 steps before it:")
	assert.NotContains(t, text, "steps:\n  new pod", "no whole trace")
}

func TestHTMLOfALeakingBindingOpensOnItsFailures(t *testing.T) {
	rep := checkBroken(t, leaksFirstNIC())
	var out bytes.Buffer
	require.NoError(t, writeHTML(&out, rep))
	page := out.String()
	failures := strings.Index(page, `<h2 id="failures">`)
	require.Greater(t, failures, 0)
	assert.Less(t, failures, strings.Index(page, "<table>"))
	assert.Equal(t, rep.Failed(), strings.Count(page, `<li id="failure-cell-`))
	assert.Equal(t, rep.Failed(), strings.Count(page, `<td class="FAIL" id="cell-`))
	assert.Contains(t, page, `(random sequence, seed 1, step `)
	assert.Contains(t, page, `<details class="trace"><summary>whole sequence (`)
}

// A planted bug that fails a few cells is as easy to read.
func TestSummaryOfAPlantedBugNamesItsFamily(t *testing.T) {
	rep := checkBroken(t, conformance.Bind(lcow.Platform(), othernetbind.Planted[netlcow.GuestNetworkManager](othernet.BugKeepsAttaching)))
	var out bytes.Buffer
	require.NoError(t, writeSummary(&out, rep))
	t.Logf("%d failed results, summary of %d lines", rep.Failed(), strings.Count(out.String(), "\n"))
	assert.Regexp(t, `\nFAIL \[contract\] lcow failure/stops-attaching: 2 failed\n  c1/failure/stops-attaching/ns-on/3-endpoints:\n`, out.String())
	assert.Less(t, strings.Count(out.String(), "\n"), 100)
}
