package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
)

const boundsNamespace = "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34"

// podFiles writes a namespace listing n endpoints and their documents,
// split over files of at most perFile endpoints, and returns the plan's
// arguments.
func podFiles(t *testing.T, n, perFile int) []string {
	t.Helper()
	dir := t.TempDir()
	var resources []map[string]any
	var files [][]map[string]any
	for i := range n {
		id := fmt.Sprintf("5b8e0a3c-7d2f-4c1e-9a6b-%012x", i+1)
		resources = append(resources, map[string]any{"Type": "Endpoint", "Data": map[string]string{"Id": id}})
		if i%perFile == 0 {
			files = append(files, nil)
		}
		files[len(files)-1] = append(files[len(files)-1], map[string]any{
			"ID": id, "Name": fmt.Sprintf("pod_eth%d", i), "HostComputeNamespace": boundsNamespace,
			"MacAddress":       fmt.Sprintf("00-15-5D-00-%02X-%02X", (i+1)>>8, (i+1)&0xff),
			"IpConfigurations": []map[string]any{{"IpAddress": fmt.Sprintf("10.0.%d.%d", (i+1)>>8, (i+1)&0xff), "PrefixLength": 16}},
		})
	}
	write := func(name string, v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, b, 0o644))
		return path
	}
	args := []string{"plan", "--platform", "wcow", "--namespace", write("ns.json", map[string]any{"ID": boundsNamespace, "Resources": resources})}
	for i, f := range files {
		args = append(args, "--endpoints", write(fmt.Sprintf("eps%d.json", i), f))
	}
	return args
}

// A pod of MaxNICs endpoints plans; one more, however the files split
// them, is refused before anything is planned, naming the bound (four
// files used to make 240,000 NICs).
func TestPlanBoundsEndpointsInAll(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run(podFiles(t, netcore.MaxNICs, 16), strings.NewReader(""), &out, &errOut), errOut.String())
	// A Windows guest: the namespace, then three documents per NIC.
	assert.True(t, strings.Contains(out.String(), fmt.Sprintf("\n# setup %d,", 3*netcore.MaxNICs+1)), "every NIC planned")

	for _, perFile := range []int{netcore.MaxNICs + 1, 20} {
		out.Reset()
		errOut.Reset()
		assert.Equal(t, exitInvalid, run(podFiles(t, netcore.MaxNICs+1, perFile), strings.NewReader(""), &out, &errOut))
		assert.Empty(t, out.String())
		assert.Regexp(t, `^uvmnet plan: endpoints file .*: 65 endpoints given in all: a Utility VM takes at most 64 NICs \(netcore.MaxNICs\)\n$`, errOut.String())
	}
}

// A namespace listing more endpoints than a Utility VM takes is refused by
// Setup with the limit and its source, before any document.
func TestPlanNamespaceOverMaxNICs(t *testing.T) {
	args := podFiles(t, netcore.MaxNICs+1, 64)
	args = args[:len(args)-2] // the 65th endpoint's document: the namespace still lists it
	var out, errOut bytes.Buffer
	assert.Equal(t, exitInvalid, run(args, strings.NewReader(""), &out, &errOut))
	assert.Contains(t, errOut.String(), "the namespace lists endpoint(s) 5b8e0a3c-7d2f-4c1e-9a6b-000000000041, whose documents no --endpoints file gives")
}

// The bytes of all --endpoints files together are bounded, not each
// file's alone.
func TestPlanBoundsEndpointFileBytesInAll(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	require.NoError(t, os.WriteFile(big, append(bytes.Repeat([]byte(" "), 9<<20), `[]`...), 0o644))
	ns := filepath.Join(dir, "ns.json")
	require.NoError(t, os.WriteFile(ns, []byte(`{"ID": "`+boundsNamespace+`"}`), 0o644))
	var out, errOut bytes.Buffer
	args := []string{"plan", "--platform", "lcow", "--namespace", ns, "--endpoints", big}
	require.Equal(t, exitOK, run(args, strings.NewReader(""), &out, &errOut), errOut.String())
	errOut.Reset()
	assert.Equal(t, exitInvalid, run(append(args, "--endpoints", big), strings.NewReader(""), &out, &errOut))
	assert.Regexp(t, `^uvmnet plan: endpoints file: .*big.json: more than \d+ bytes left of the 16777216 all --endpoints files together may hold\n$`, errOut.String())
}

// countingWriter counts the writes it gets.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// The plan is written as the documents come, not gathered whole first: a
// large plan reaches standard output in many writes.
func TestPlanStreamsItsOutput(t *testing.T) {
	var out countingWriter
	var errOut bytes.Buffer
	require.Equal(t, exitOK, run(podFiles(t, netcore.MaxNICs, 64), strings.NewReader(""), &out, &errOut), errOut.String())
	assert.Greater(t, out.Len(), 64<<10)
	assert.Greater(t, out.writes, out.Len()/(8<<10), "written in a few large writes: buffered whole")
}
