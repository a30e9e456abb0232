package main

import (
	"bytes"
	"errors"
	"io/fs"
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

// The README's operator section shows real output; these tests keep it
// real. They read the repository's README, so outside a clone (a module
// zip holds none) they skip.

func TestReadmePlanExampleIsTheCommandsOutput(t *testing.T) {
	readme := repositoryReadme(t)
	want := blockAfter(t, readme, "<!-- uvmnet plan example")
	var stdout, stderr bytes.Buffer
	code := run([]string{"plan", "--platform", "lcow",
		"--namespace", filepath.Join("testdata", "pod", "namespace.json"),
		"--endpoints", filepath.Join("testdata", "pod", "endpoints.json")}, strings.NewReader(""), &stdout, &stderr)
	require.Equal(t, exitOK, code, stderr.String())
	assert.Equal(t, want, stdout.String())
}

func TestReadmeSnapshotExampleIsTheCommandsOutput(t *testing.T) {
	readme := repositoryReadme(t)
	want := blockAfter(t, readme, "$ uvmnet snapshot network.snap")
	snap, err := proto.Marshal(&anypb.Any{TypeUrl: netcore.SnapshotTypeURL, Value: hcsshimPayload(1, testNamespace, false, true, bindingB, bindingA)})
	require.NoError(t, err)
	code, stdout, stderr := runWithFile(t, snap, "snapshot")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, want, stdout)
}

func repositoryReadme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("no repository README here")
	}
	require.NoError(t, err)
	return string(data)
}

// blockAfter returns the lines after the line starting with marker (and a
// "```text" fence, if it comes next) up to the closing fence.
func blockAfter(t *testing.T, doc, marker string) string {
	t.Helper()
	i := strings.Index(doc, marker)
	require.GreaterOrEqual(t, i, 0, "README has no %q", marker)
	rest := doc[i:]
	rest = rest[strings.Index(rest, "\n")+1:]
	rest = strings.TrimPrefix(rest, "```text\n")
	end := strings.Index(rest, "```")
	require.GreaterOrEqual(t, end, 0, "the block after %q is not closed", marker)
	return rest[:end]
}
