package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The command reads files an operator copied off a node, and no input may
// make it panic. The fuzz targets feed the two readers arbitrary bytes: the
// snapshot decoder (through netcore.Import, as the command runs it) and
// the HCN JSON reader (through a whole plan, so the controller sees what
// the reader lets through).

func FuzzInspectSnapshot(f *testing.F) {
	valid := &anypb.Any{TypeUrl: netcore.SnapshotTypeURL, Value: hcsshimPayload(1, testNamespace, true, true, bindingA, bindingB)}
	binary, err := proto.Marshal(valid)
	require.NoError(f, err)
	js, err := protojson.MarshalOptions{Resolver: snapshotTypes{}}.Marshal(valid)
	require.NoError(f, err)
	f.Add(binary)
	f.Add([]byte(base64.StdEncoding.EncodeToString(binary)))
	f.Add(js)
	f.Add([]byte{})
	f.Add([]byte(`{"@type":"x"}`))
	// The other ways a snapshot travels: type URL and value on two lines,
	// the bare payload, and the command's own report.
	f.Add([]byte(valid.GetTypeUrl() + "\r\n" + base64.StdEncoding.EncodeToString(valid.GetValue()) + "\r\n"))
	f.Add(valid.GetValue())
	f.Add([]byte(base64.StdEncoding.EncodeToString(valid.GetValue())))
	f.Add([]byte(`{"format":"binary","typeUrl":"` + valid.GetTypeUrl() + `","schemaVersion":1,"namespaceId":"` + testNamespace + `","nics":[]}`))
	for _, snap := range refusedSnapshots() {
		if proto.Size(snap) < 4096 {
			b, err := proto.Marshal(snap)
			require.NoError(f, err)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		report, err := inspectSnapshot(context.Background(), data)
		if err != nil {
			return
		}
		// What the command accepts, Import accepts, in its bounds; and the
		// report survives a round trip through the binary encoding.
		assert.LessOrEqual(t, len(report.NICs), netcore.MaxNICs)
		snap, _, err := decodeSnapshot(data)
		require.NoError(t, err)
		b, err := proto.Marshal(snap)
		require.NoError(t, err)
		again, err := inspectSnapshot(context.Background(), b)
		require.NoError(t, err)
		report.Format, again.Format = "", ""
		assert.Equal(t, report, again)
		// And through the command's own report, which reads back.
		js, err := json.Marshal(report)
		require.NoError(t, err)
		fromReport, err := inspectSnapshot(context.Background(), js)
		require.NoError(t, err)
		fromReport.Format = ""
		assert.Equal(t, report, fromReport)
	})
}

func FuzzPlanEndpoints(f *testing.F) {
	eps, err := os.ReadFile(filepath.Join("testdata", "pod", "endpoints.json"))
	require.NoError(f, err)
	f.Add(eps)
	f.Add([]byte(`{"Id":"5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90","IPConfigurations":[{"IPAddress":"10.0.0.2","PrefixLength":8}],"DNS":{"ServerList":["10.0.0.10"]},"MacAddress":"00-15-5D-00-00-01","HostComputeNamespace":"9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34"}`))
	f.Add([]byte(`[null]`))
	f.Add([]byte(`[{}, {}]`))
	f.Add([]byte(`{"Policies":[{"Type":"EncapOverhead","Settings":{"Overhead":70000}}]}`))
	nsData, err := os.ReadFile(filepath.Join("testdata", "pod", "namespace.json"))
	require.NoError(f, err)
	ns, _, err := decodeNamespace(nsData)
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, data []byte) {
		eps, _, err := decodeEndpoints(data)
		if err != nil {
			return
		}
		for _, ep := range eps {
			require.NotNil(t, ep, "an endpoint the reader returns is never nil")
		}
		for _, platform := range []string{"lcow", "wcow"} {
			o := planOptions{platform: platform, route: routeConn, guestNamespace: true}
			// Setup may refuse the endpoints; it must not panic.
			// The namespace lists exactly the endpoints read, so that
			// Setup, not the file check, judges them.
			host, err := newFileHost(listing(ns, eps), eps, nil)
			if err != nil {
				continue
			}
			_ = plan(quietContext(), o, host, ns.Id, func(sentDocument) error { return nil })
		}
	})
}

func FuzzDecodeNamespace(f *testing.F) {
	nsData, err := os.ReadFile(filepath.Join("testdata", "pod", "namespace.json"))
	require.NoError(f, err)
	f.Add(nsData)
	f.Add([]byte(`{"Id":"x","NamespaceId":4294967296}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ns, _, err := decodeNamespace(data)
		if err != nil {
			assert.Nil(t, ns)
			return
		}
		require.NotNil(t, ns)
		// A namespace the reader accepts, New accepts or refuses; neither
		// may panic.
		o := planOptions{platform: "wcow", route: routeConn, guestNamespace: true}
		host, err := newFileHost(listing(ns, nil), nil, nil)
		require.NoError(t, err)
		_ = plan(quietContext(), o, host, ns.Id, func(sentDocument) error { return nil })
	})
}

// listing returns ns listing exactly eps, in order.
func listing(ns *hcnmodel.Namespace, eps []*hcnmodel.Endpoint) *hcnmodel.Namespace {
	out := *ns
	out.Resources = nil
	for _, ep := range eps {
		data, _ := json.Marshal(map[string]string{"Id": ep.Id})
		out.Resources = append(out.Resources, hcnmodel.NamespaceResource{Type: hcnmodel.NamespaceResourceTypeEndpoint, Data: data})
	}
	return &out
}
