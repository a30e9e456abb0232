package hcnmodel_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The model is only useful if a document HCN produced can cross it and
// reach the guest unchanged. These tests decode realistic documents, encode
// them again and require the same JSON value back: nothing dropped, renamed
// or reshaped, including policy settings and health data the controller
// never interprets.

func TestEndpointJSONRoundTrip(t *testing.T) {
	doc := readTestdata(t, "endpoint.json")

	var ep hcnmodel.Endpoint
	decodeStrict(t, doc, &ep)

	// Spot checks that the document landed in typed fields rather than
	// merely surviving: a round trip alone would not tell them apart.
	assert.Equal(t, "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90", ep.Id)
	require.Len(t, ep.Policies, 6)
	assert.Equal(t, hcnmodel.EncapOverhead, ep.Policies[0].Type)
	var encap hcnmodel.EncapOverheadEndpointPolicySetting
	require.NoError(t, json.Unmarshal(ep.Policies[0].Settings, &encap))
	assert.Equal(t, uint16(50), encap.Overhead)
	assert.Nil(t, ep.Policies[5].Settings, "a policy without settings stays without")
	assert.Equal(t, []hcnmodel.IpConfig{
		{IpAddress: "10.244.1.17", PrefixLength: 24},
		{IpAddress: "fd00:10:244:1::11", PrefixLength: 64},
	}, ep.IpConfigurations)
	assert.Equal(t, hcnmodel.Route{NextHop: "10.244.1.1", DestinationPrefix: "0.0.0.0/0", Metric: 256}, ep.Routes[0])
	assert.Equal(t, []string{"10.96.0.10", "fd00:10:96::a"}, ep.Dns.ServerList)
	assert.Equal(t, hcnmodel.EndpointFlagsRemoteEndpoint, ep.Flags)
	assert.Equal(t, "06e8c0d2-5f7b-4c9e-b1a3-4f6b8d0e2a5d", ep.Health.Extra.VirtualMachine)
	assert.Equal(t, hcnmodel.SchemaVersion{Major: 2, Minor: 16}, ep.SchemaVersion)

	out, err := json.Marshal(&ep)
	require.NoError(t, err)
	assert.Equal(t, canonicalJSON(t, doc), canonicalJSON(t, out))
}

func TestNamespaceJSONRoundTrip(t *testing.T) {
	doc := readTestdata(t, "namespace.json")

	var ns hcnmodel.Namespace
	decodeStrict(t, doc, &ns)

	assert.Equal(t, uint32(14), ns.NamespaceId)
	assert.Equal(t, hcnmodel.NamespaceTypeHostDefault, ns.Type)
	require.Len(t, ns.Resources, 2)
	assert.Equal(t, hcnmodel.NamespaceResourceTypeEndpoint, ns.Resources[0].Type)

	out, err := json.Marshal(&ns)
	require.NoError(t, err)
	assert.Equal(t, canonicalJSON(t, doc), canonicalJSON(t, out))
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return doc
}

// decodeStrict decodes like a reader that refuses to lose anything: a
// field of the document with no home in the model fails the test. Numbers
// in untyped fields stay json.Number so 64-bit values are not rounded.
func decodeStrict(t *testing.T, doc []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	require.NoError(t, dec.Decode(v))
}

// canonicalJSON re-encodes a document through a generic value, which sorts
// object keys and drops insignificant whitespace, so two encodings of the
// same JSON value compare equal byte for byte.
func canonicalJSON(t *testing.T, doc []byte) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var generic any
	require.NoError(t, dec.Decode(&generic))
	out, err := json.MarshalIndent(generic, "", "  ")
	require.NoError(t, err)
	return string(out)
}
