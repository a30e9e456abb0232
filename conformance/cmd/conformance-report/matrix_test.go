package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
)

func TestWriteMatrixEndsWithTheCounts(t *testing.T) {
	reps := []conformance.Report{
		{Binding: "lcow", Results: []conformance.Result{
			{Binding: "lcow", Concurrency: 1, Scenario: "a", FaultPoints: 3, FaultSites: map[string]int{"setup vm.AddNIC": 3}},
			{Binding: "lcow", Concurrency: 1, Scenario: "b", Failures: []string{"broke"}},
			{Binding: "lcow", Concurrency: 8, Scenario: "a", FaultPoints: 2, FaultSites: map[string]int{"reconcile vm.AddNIC": 2}},
		}},
		{Binding: "wcow", Results: []conformance.Result{
			{Binding: "wcow", Concurrency: 1, Scenario: "a"},
			{Binding: "wcow", Concurrency: 1, Scenario: "b"},
		}},
	}
	var out bytes.Buffer
	require.NoError(t, writeMatrix(&out, reps...))
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	assert.Equal(t, "4 passed, 1 failed, 0 not applicable", lines[len(lines)-1])
	assert.Regexp(t, `SCENARIO +LCOW/C1 +LCOW/C8 +WCOW/C1\n`, out.String())
	assert.Regexp(t, `\nb +FAIL +- +pass\n`, out.String())
	assert.Contains(t, out.String(), "pass (3 faults)")
	assert.Contains(t, out.String(), "FAIL [contract] lcow c1/b:\n    broke")
	// The fault table: setup before reconcile, one count per column.
	assert.Regexp(t, `\nsetup vm.AddNIC +3 +- +-\nreconcile vm.AddNIC +- +2 +-\nall 2 call sites +3 +2 +0\n`, out.String())
	assert.Contains(t, out.String(), "lcow: random sequences used seed 0")
}
