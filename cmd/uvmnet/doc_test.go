package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The operator's guide is the package documentation, so `go doc` on the
// command's import path shows it: from a clone, and from any module that
// has the command as a tool (go get -tool).
func TestGoDocShowsTheOperatorsGuide(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "doc", "github.com/uvmnet/uvmnet/cmd/uvmnet").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, section := range []string{"Collecting the files on the node", "uvmnet plan", "uvmnet snapshot", "What the output can be trusted for", "Exit status",
		"Get-HnsEndpoint -Version 2 | ConvertTo-Json -Depth 10", "go get -tool github.com/uvmnet/uvmnet/cmd/uvmnet@"} {
		assert.True(t, strings.Contains(string(out), section), "go doc shows no %q", section)
	}
}
