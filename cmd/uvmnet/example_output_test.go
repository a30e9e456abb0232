package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// The example pod's outputs, which the README links as what the command
// prints, are the command's real output; these tests keep them real.

func TestPlanExampleIsTheCommandsOutput(t *testing.T) {
	want := readExample(t, "plan-lcow.txt")
	var stdout, stderr bytes.Buffer
	code := run([]string{"plan", "--platform", "lcow",
		"--namespace", filepath.Join("testdata", "pod", "namespace.json"),
		"--endpoints", filepath.Join("testdata", "pod", "endpoints.json")}, strings.NewReader(""), &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	assert.Equal(t, want, stdout.String())
}

func TestSnapshotExampleIsTheCommandsOutput(t *testing.T) {
	want := readExample(t, "snapshot.txt")
	snap, err := proto.Marshal(&anypb.Any{TypeUrl: netcore.SnapshotTypeURL, Value: hcsshimPayload(1, testNamespace, false, true, bindingB, bindingA)})
	require.NoError(t, err)
	code, stdout, stderr := runWithFile(t, snap, "snapshot")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, want, stdout)
}

func readExample(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pod", name))
	require.NoError(t, err)
	return string(data)
}
