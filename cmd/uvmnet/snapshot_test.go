package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// hcsshimBinding is one vm_endpoints entry of hcsshim's payload.
type hcsshimBinding struct {
	nicID, endpointID, mac, name string
	missing                      bool // the map entry carries no binding at all
}

// hcsshimPayload encodes a network snapshot payload field by field from
// hcsshim's schema (hcsshim.controller.network.save.v1.Payload: 1 schema
// version, 2 namespace ID, 3 policy-based routing, 4 namespace supported by
// the guest, 5 map of NIC ID to {1 endpoint ID, 2 MAC, 3 endpoint name}),
// without uvmnet's generated code, as hcsshim's Save would write it.
func hcsshimPayload(version uint64, namespaceID string, pbr, nsSupported bool, bindings ...hcsshimBinding) []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.VarintType)
	b = protowire.AppendVarint(b, version)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	b = protowire.AppendString(b, namespaceID)
	if pbr {
		b = protowire.AppendTag(b, 3, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
	}
	if nsSupported {
		b = protowire.AppendTag(b, 4, protowire.VarintType)
		b = protowire.AppendVarint(b, 1)
	}
	for _, e := range bindings {
		var entry []byte
		entry = protowire.AppendTag(entry, 1, protowire.BytesType)
		entry = protowire.AppendString(entry, e.nicID)
		if !e.missing {
			var v []byte
			for i, s := range []string{e.endpointID, e.mac, e.name} {
				v = protowire.AppendTag(v, protowire.Number(i+1), protowire.BytesType)
				v = protowire.AppendString(v, s)
			}
			entry = protowire.AppendTag(entry, 2, protowire.BytesType)
			entry = protowire.AppendBytes(entry, v)
		}
		b = protowire.AppendTag(b, 5, protowire.BytesType)
		b = protowire.AppendBytes(b, entry)
	}
	return b
}

const (
	testNamespace = "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34"
	nicA          = "7ba35345-91d5-54a4-a84a-797848b4e68a"
	nicB          = "17fd46db-a8bc-5367-b1e9-709c61fcb3d0"
	endpointA     = "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90"
	endpointB     = "7c4a1e9d-2b6f-4d8a-9e3c-5a1f7b2d4c68"
)

var (
	bindingA = hcsshimBinding{nicID: nicA, endpointID: endpointA, mac: "00-15-5D-8A-21-07", name: "cni-3f9b2c71_eth0"}
	bindingB = hcsshimBinding{nicID: nicB, endpointID: endpointB, mac: "00-15-5D-8A-21-08", name: "cni-3f9b2c71_eth1"}
)

// manyBindings returns n valid, distinct bindings.
func manyBindings(n int) []hcsshimBinding {
	out := make([]hcsshimBinding, n)
	for i := range out {
		out[i] = hcsshimBinding{
			nicID:      "00000000-0000-4000-8000-" + hex12(i),
			endpointID: "11111111-0000-4000-8000-" + hex12(i),
			mac:        "00-15-5D-00-" + strings.ToUpper(hex12(i)[8:10]) + "-" + strings.ToUpper(hex12(i)[10:]),
		}
	}
	return out
}

func hex12(i int) string {
	const digits = "0123456789abcdef"
	b := []byte("000000000000")
	for p := len(b) - 1; i > 0; p-- {
		b[p] = digits[i%16]
		i /= 16
	}
	return string(b)
}

// refusedSnapshots holds one snapshot per refusal class of Import.
func refusedSnapshots() map[string]*anypb.Any {
	url := netcore.SnapshotTypeURL
	withURL := func(p []byte) *anypb.Any { return &anypb.Any{TypeUrl: url, Value: p} }
	valid := hcsshimPayload(1, testNamespace, false, true, bindingA, bindingB)
	dupNIC := bindingB
	dupNIC.nicID = strings.ToUpper(nicA)
	dupEndpoint := bindingB
	dupEndpoint.endpointID = strings.ToUpper(endpointA)
	dupMAC := bindingB
	dupMAC.mac = "00:15:5d:8a:21:07"
	badEndpoint := bindingA
	badEndpoint.endpointID = "not-a-guid"
	badMAC := bindingA
	badMAC.mac = "00-15-5D-8A-21"
	badNIC := bindingA
	badNIC.nicID = "nic-1"
	return map[string]*anypb.Any{
		"type URL": {TypeUrl: "type.googleapis.com/google.protobuf.Empty", Value: valid},
		// An Any with no value reads as text: a newline, a printable length
		// byte and the URL.
		"type URL, no value": {TypeUrl: "type.googleapis.com/google.protobuf.Empty"},
		"too large":          withURL(make([]byte, netcore.MaxSnapshotBytes+1)),
		"not protobuf":       withURL([]byte{0xff, 0xff, 0xff}),
		"too many NICs":      withURL(hcsshimPayload(1, testNamespace, false, true, manyBindings(netcore.MaxNICs+1)...)),
		"schema version":     withURL(hcsshimPayload(2, testNamespace, false, true, bindingA)),
		"namespace ID":       withURL(hcsshimPayload(1, "pod-namespace", false, true, bindingA)),
		"NIC ID":             withURL(hcsshimPayload(1, testNamespace, false, true, badNIC)),
		"duplicate NIC":      withURL(hcsshimPayload(1, testNamespace, false, true, bindingA, dupNIC)),
		"empty binding":      withURL(hcsshimPayload(1, testNamespace, false, true, hcsshimBinding{nicID: nicA, missing: true})),
		"endpoint ID":        withURL(hcsshimPayload(1, testNamespace, false, true, badEndpoint)),
		"duplicate endpoint": withURL(hcsshimPayload(1, testNamespace, false, true, bindingA, dupEndpoint)),
		"MAC":                withURL(hcsshimPayload(1, testNamespace, false, true, badMAC)),
		"duplicate MAC":      withURL(hcsshimPayload(1, testNamespace, false, true, bindingA, dupMAC)),
		// A type URL of megabytes, which a refusal quotes only in part.
		"huge type URL": {TypeUrl: "type.example.com/" + strings.Repeat("x", 3<<20)},
	}
}

// Every snapshot Import refuses, the command refuses with Import's own
// error, exit status 1, in every encoding it reads (protojson where the
// snapshot can be spelled in it).
func TestSnapshotRefusesWhatImportRefuses(t *testing.T) {
	for class, snap := range refusedSnapshots() {
		t.Run(class, func(t *testing.T) {
			_, importErr := netcore.Import(context.Background(), snap, netcore.Tuning{})
			require.Error(t, importErr, "the fixture must be one Import refuses")
			binary, err := proto.Marshal(snap)
			require.NoError(t, err)
			encodings := map[string][]byte{
				formatBinary: binary,
				formatBase64: []byte(base64.StdEncoding.EncodeToString(binary) + "\n"),
			}
			// protojson can spell only a payload that decodes.
			if js, err := (protojson.MarshalOptions{Resolver: snapshotTypes{}}).Marshal(snap); err == nil {
				encodings[formatProtoJSON] = js
			}
			for format, data := range encodings {
				code, stdout, stderr := runWithFile(t, data, "snapshot")
				assert.Equal(t, exitInvalid, code, format)
				assert.Empty(t, stdout, format)
				assert.Equal(t, "uvmnet snapshot: "+cliMessage(importErr)+"\n", stderr, format)
				assert.NotContains(t, stderr, "invalid argument", "errdefs class words stay out of the CLI's messages")
			}
		})
	}
}

// A snapshot hcsshim writes, with its type URL and its own encoding of the
// payload, reads in every encoding, NICs in the order Import restores them.
func TestSnapshotReadsHcsshimSnapshot(t *testing.T) {
	snap := &anypb.Any{TypeUrl: netcore.SnapshotTypeURL, Value: hcsshimPayload(1, testNamespace, true, true, bindingB, bindingA)}
	binary, err := proto.Marshal(snap)
	require.NoError(t, err)
	for format, data := range map[string][]byte{
		formatBinary: binary,
		formatBase64: []byte(base64.StdEncoding.EncodeToString(binary)),
	} {
		code, stdout, stderr := runWithFile(t, data, "snapshot", "--json")
		require.Equal(t, exitOK, code, stderr)
		assert.JSONEq(t, `{
			"format": "`+format+`",
			"typeUrl": "type.microsoft.com/hcsshim.controller.network.save.v1.Payload",
			"schemaVersion": 1,
			"namespaceId": "`+testNamespace+`",
			"policyBasedRouting": true,
			"guestNamespaceSupported": true,
			"nics": [
				{"id": "`+nicA+`", "endpointId": "`+endpointA+`", "macAddress": "00-15-5D-8A-21-07", "endpointName": "cni-3f9b2c71_eth0"},
				{"id": "`+nicB+`", "endpointId": "`+endpointB+`", "macAddress": "00-15-5D-8A-21-08", "endpointName": "cni-3f9b2c71_eth1"}
			]
		}`, stdout, format)
	}
}

// runWithFile writes data to a file and runs the command with args and
// the file's name last.
func runWithFile(t *testing.T, data []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "input")
	require.NoError(t, os.WriteFile(name, data, 0o644))
	var out, errOut bytes.Buffer
	code = run(append(args, name), strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}
