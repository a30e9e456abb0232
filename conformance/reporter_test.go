package conformance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance/internal/mocks/coremock"
)

// named is enough binding for the runner: scenarios here do not touch it.
var named = binding{Name: "test"}

func TestRunScenarioKeepsEveryFailureAndStopsOnlyAtFatal(t *testing.T) {
	reached := false
	res := first(runScenario(scenario{name: "s", run: func(r *reporter, _ binding) {
		r.Errorf("first %d", 1)
		r.Errorf("second")
		r.Fatalf("fatal")
		reached = true
	}}, named, false))[0]
	assert.Equal(t, []string{"first 1\n(and 2 follow-on findings:\n  - second\n  - fatal)"}, res.Failures)
	assert.False(t, reached, "Fatalf must end the scenario")

	res = first(runScenario(scenario{name: "p", run: func(r *reporter, _ binding) { panic("boom") }}, named, false))[0]
	require.Len(t, res.Failures, 1)
	assert.Contains(t, res.Failures[0], "panic: boom")

	cleaned := false
	res = first(runScenario(scenario{name: "c", run: func(r *reporter, _ binding) {
		r.Cleanup(func() { cleaned = true; r.Errorf("from cleanup") })
		r.Fatalf("stop")
	}}, named, false))[0]
	assert.True(t, cleaned, "cleanups run after a Fatalf")
	assert.Equal(t, []string{"stop\n(and 1 follow-on finding:\n  - from cleanup)"}, res.Failures)
}

// A panic raised outside the suite is the controller's: the finding's
// first line names the operation and where it panicked.
func TestRunScenarioNamesAControllersPanic(t *testing.T) {
	res := first(runScenario(scenario{name: "p", run: func(*reporter, binding) { strings.Repeat("x", -1) }}, named, false))[0]
	require.Len(t, res.Failures, 1)
	first, _, _ := strings.Cut(res.Failures[0], "\n")
	assert.Regexp(t, `^the controller panicked in Repeat: strings: negative Repeat count, at strings\.Repeat \(.*strings\.go:\d+\)$`, first)
}

// An expected call that never came is the contract step skipped, said
// once: gomock's giving up adds nothing.
func TestRunScenarioSaysAMissingCallIsASkippedStep(t *testing.T) {
	res := first(runScenario(scenario{name: "m", run: func(r *reporter, _ binding) {
		ctrl := gomock.NewController(r)
		coremock.NewMockVMNetworkManager(ctrl).EXPECT().RemoveNIC(gomock.Any(), "nic-1", gomock.Any())
	}}, named, false))[0]
	require.Len(t, res.Failures, 1)
	assert.True(t, strings.HasPrefix(res.Failures[0], "the controller skipped a step the contract requires: hot-remove the NIC from the VM (vm.RemoveNIC, never called; expected (is anything, is equal to nic-1 (string), is anything)"), res.Failures[0])
	assert.NotContains(t, res.Failures[0], "aborting")
}

func TestRunScenarioSeparatesProfilesAndNotApplicable(t *testing.T) {
	mixed := scenario{name: "m", run: func(r *reporter, _ binding) {
		r.Errorf("contract broke")
		r.Extf("extension broke")
	}}
	res := first(runScenario(mixed, named, true))
	require.Len(t, res, 2)
	assert.Equal(t, Contract, res[0].Profile)
	assert.Equal(t, []string{"contract broke"}, res[0].Failures)
	assert.Equal(t, Extensions, res[1].Profile)
	assert.Equal(t, []string{"extension broke"}, res[1].Failures)
	assert.Equal(t, "extensions/c0/m", res[1].Name())
	assert.Len(t, first(runScenario(mixed, named, false)), 1, "without Extensions, extension findings are dropped")

	ran := false
	needy := scenario{name: "h", needs: needsHotPlug, run: func(*reporter, binding) { ran = true }}
	res = first(runScenario(needy, named, true))
	require.Len(t, res, 1)
	assert.False(t, ran, "a scenario needing an undeclared capability must not run")
	assert.Equal(t, "needs Capabilities.HotPlug", res[0].NotApplicable)
	assert.False(t, res[0].Passed())
	assert.False(t, res[0].Failed())

	res = first(runScenario(scenario{name: "n", run: func(r *reporter, _ binding) {
		r.Errorf("found first")
		r.notApplicable("nothing to fault")
	}}, named, false))
	assert.True(t, res[0].Failed(), "a finding outweighs not applicable")
	assert.Empty(t, res[0].NotApplicable)
}

// first is a scenario's results, its hang dropped.
func first(res []Result, _ string) []Result { return res }
