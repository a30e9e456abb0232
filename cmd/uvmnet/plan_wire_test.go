package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
	"github.com/uvmnet/uvmnet/netcore/nettest"
	"github.com/uvmnet/uvmnet/netlcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

// The plan must print exactly what a shim's controller sends. The reference
// here is built the way the conformance suite's wire run builds its stack
// (netcore.New, hcsmodify.NewVMNetwork over the compute system, the
// platform's ready guest manager over the guest connection or, on the
// legacy route, the compute system) with hcsmodifytest.Recorder as the
// transports and nettest's in-memory HCN, not the command's recorders,
// labels or file-backed HCN: its recorded bytes are the expectation, not
// output the command produced earlier.

var wirePlanNICIDs = []string{"3f2a9c1e-5b7d-4e8f-a0b1-c2d3e4f5a6b7", "8e7d6c5b-4a39-4281-9f0e-d1c2b3a4f5e6"}

func TestPlanPrintsTheControllersWireBytes(t *testing.T) {
	ns, eps := readPodFixture(t)
	for _, platform := range []string{"lcow", "wcow"} {
		for _, route := range []string{routeConn, routeLegacy} {
			for _, nsSupported := range []bool{true, false} {
				name := platform + "/" + route + "/guest-namespace=" + map[bool]string{true: "yes", false: "no"}[nsSupported]
				t.Run(name, func(t *testing.T) {
					got := planRaw(t, platform, route, nsSupported)

					// One recorder behind both transports: the order.
					shared := &hcsmodifytest.Recorder{}
					want := controllerWire(t, ns, eps, platform, route, nsSupported, shared, shared)
					require.NotEmpty(t, want)
					docs := make([]string, len(got))
					for i, d := range got {
						docs[i] = d.doc
					}
					assert.Equal(t, want, docs, "documents and their order")

					// One recorder per transport: which one each went to.
					cs, conn := &hcsmodifytest.Recorder{}, &hcsmodifytest.Recorder{}
					controllerWire(t, ns, eps, platform, route, nsSupported, cs, conn)
					wantCS, err := cs.Wire()
					require.NoError(t, err)
					wantConn, err := conn.Wire()
					require.NoError(t, err)
					assert.Equal(t, wantCS, planDocsOn(got, transportComputeSystem), "compute system")
					assert.Equal(t, wantConn, planDocsOn(got, transportGuestConnection), "guest connection")
				})
			}
		}
	}
}

// controllerWire runs Setup then Teardown of the pod on the reference
// stack and returns what the transports were handed, as wire bytes.
func controllerWire(t *testing.T, ns *hcnmodel.Namespace, eps []*hcnmodel.Endpoint, platform, route string, nsSupported bool,
	cs *hcsmodifytest.Recorder, conn *hcsmodifytest.Recorder,
) []string {
	t.Helper()
	host := nettest.NewHost()
	host.AddNamespace(ns, eps...)
	var guest netcore.GuestSteps
	switch {
	case platform == "lcow" && route == routeLegacy:
		guest = netlcow.NewGuestSteps(netlcow.NewLegacyGuestManager(cs))
	case platform == "lcow":
		guest = netlcow.NewGuestSteps(netlcow.NewGuestManager(conn))
	case route == routeLegacy:
		guest = netwcow.NewGuestSteps(netwcow.NewLegacyGuestManager(cs))
	default:
		guest = netwcow.NewGuestSteps(netwcow.NewGuestManager(conn))
	}
	next := 0
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:  ns.Id,
		VM:           hcsmodify.NewVMNetwork(cs),
		Host:         host,
		Guest:        guest,
		Capabilities: guestCapability(nsSupported),
		Tuning: netcore.Tuning{NewNICID: func() (string, error) {
			next++
			return wirePlanNICIDs[next-1], nil
		}},
	})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, ctrl.Setup(ctx))
	require.NoError(t, ctrl.Teardown(ctx))
	wire, err := cs.Wire()
	require.NoError(t, err)
	if conn != cs {
		more, err := conn.Wire()
		require.NoError(t, err)
		wire = append(wire, more...)
	}
	return wire
}

// plannedDocument is one document of plan --raw's output.
type plannedDocument struct {
	transport string
	doc       string
}

// planRaw runs plan --raw on testdata/pod and splits its output into
// documents, each with the transport its label names.
func planRaw(t *testing.T, platform, route string, nsSupported bool) []plannedDocument {
	t.Helper()
	args := []string{"plan", "--raw", "--platform", platform, "--route", route,
		"--guest-namespace=" + map[bool]string{true: "true", false: "false"}[nsSupported],
		"--nic-ids", strings.Join(wirePlanNICIDs, ","),
		"--namespace", filepath.Join("testdata", "pod", "namespace.json"),
		"--endpoints", filepath.Join("testdata", "pod", "endpoints.json")}
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run(args, strings.NewReader(""), &stdout, &stderr), stderr.String())
	var out []plannedDocument
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	for i := 1; i < len(lines); i += 2 {
		label := lines[i]
		require.True(t, strings.HasPrefix(label, "# setup ") || strings.HasPrefix(label, "# teardown "), "label line %q", label)
		require.Less(t, i+1, len(lines), "a label without its document")
		_, rest, _ := strings.Cut(label, ", ")
		transport, _, _ := strings.Cut(rest, ":")
		out = append(out, plannedDocument{transport: transport, doc: lines[i+1]})
	}
	return out
}

func planDocsOn(docs []plannedDocument, transport string) []string {
	var out []string
	for _, d := range docs {
		if d.transport == transport {
			out = append(out, d.doc)
		}
	}
	return out
}

// readPodFixture decodes testdata/pod with encoding/json alone.
func readPodFixture(t *testing.T) (*hcnmodel.Namespace, []*hcnmodel.Endpoint) {
	t.Helper()
	var ns hcnmodel.Namespace
	data, err := os.ReadFile(filepath.Join("testdata", "pod", "namespace.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &ns))
	var eps []*hcnmodel.Endpoint
	data, err = os.ReadFile(filepath.Join("testdata", "pod", "endpoints.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &eps))
	require.Len(t, eps, 2)
	return &ns, eps
}
