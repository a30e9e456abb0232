package hcnhost_test

import (
	"encoding/json"
	"testing"

	"github.com/Microsoft/hcsshim/hcn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/hcnhost"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// These tests need no HCN service: they only exercise the conversions, on
// values shaped like what HCN returns.

func hcnEndpointFixture() *hcn.HostComputeEndpoint {
	return &hcn.HostComputeEndpoint{
		Id:                   "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90",
		Name:                 "cni-3f9b2c71_eth0",
		HostComputeNetwork:   "c2a7f9e1-04b3-4d6a-8e5f-7b1c3d9a2e48",
		HostComputeNamespace: "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34",
		Policies: []hcn.EndpointPolicy{
			{Type: hcn.EncapOverhead, Settings: json.RawMessage(`{"Overhead":50}`)},
			{Type: hcn.OutBoundNAT, Settings: json.RawMessage(`{"Exceptions":["10.0.0.0/8"]}`)},
		},
		IpConfigurations: []hcn.IpConfig{{IpAddress: "10.244.1.17", PrefixLength: 24}},
		Dns: hcn.Dns{
			Domain:     "svc.cluster.local",
			Search:     []string{"svc.cluster.local", "cluster.local"},
			ServerList: []string{"10.96.0.10"},
			Options:    []string{"ndots:5"},
		},
		Routes:     []hcn.Route{{NextHop: "10.244.1.1", DestinationPrefix: "0.0.0.0/0", Metric: 256}},
		MacAddress: "00-15-5D-8A-21-07",
		Flags:      hcn.EndpointFlagsRemoteEndpoint,
		Health: hcn.Health{
			// A number past 2^53 proves untyped data is not rounded.
			Data: map[string]interface{}{"State": "Healthy", "Seq": json.Number("9007199254740993")},
			Extra: hcn.ExtraParams{
				Resources:      json.RawMessage(`{"Allocators":[]}`),
				SwitchGuid:     "e4c6a8b0-3d5f-4a7c-9e1b-2d4f6a8c0e3b",
				VirtualMachine: "06e8c0d2-5f7b-4c9e-b1a3-4f6b8d0e2a5d",
			},
		},
		SchemaVersion: hcn.SchemaVersion{Major: 2, Minor: 16},
	}
}

func TestEndpointConversionRoundTrip(t *testing.T) {
	in := hcnEndpointFixture()

	model, err := hcnhost.FromHCNEndpoint(in)
	require.NoError(t, err)
	assert.Equal(t, in.Id, model.Id)
	assert.Equal(t, hcnmodel.EncapOverhead, model.Policies[0].Type)
	assert.JSONEq(t, `{"Overhead":50}`, string(model.Policies[0].Settings))
	assert.Equal(t, in.Dns.ServerList, model.Dns.ServerList)
	assert.Equal(t, hcnmodel.EndpointFlagsRemoteEndpoint, model.Flags)
	assert.Equal(t, hcnmodel.SchemaVersion{Major: 2, Minor: 16}, model.SchemaVersion)

	back, err := hcnhost.ToHCNEndpoint(model)
	require.NoError(t, err)
	assert.Equal(t, in, back)
}

func TestNamespaceConversionRoundTrip(t *testing.T) {
	in := &hcn.HostComputeNamespace{
		Id:          "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34",
		NamespaceId: 14,
		Type:        hcn.NamespaceTypeHostDefault,
		Resources: []hcn.NamespaceResource{
			{Type: hcn.NamespaceResourceTypeEndpoint, Data: json.RawMessage(`{"Id":"5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90"}`)},
		},
		SchemaVersion: hcn.SchemaVersion{Major: 2},
	}

	model, err := hcnhost.FromHCNNamespace(in)
	require.NoError(t, err)
	assert.Equal(t, hcnmodel.Namespace{
		Id:          in.Id,
		NamespaceId: 14,
		Type:        hcnmodel.NamespaceTypeHostDefault,
		Resources: []hcnmodel.NamespaceResource{
			{Type: hcnmodel.NamespaceResourceTypeEndpoint, Data: json.RawMessage(`{"Id":"5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90"}`)},
		},
		SchemaVersion: hcnmodel.SchemaVersion{Major: 2},
	}, *model)

	back, err := hcnhost.ToHCNNamespace(model)
	require.NoError(t, err)
	assert.Equal(t, in, back)
}

func TestConversionsMapNilToNil(t *testing.T) {
	ns, err := hcnhost.FromHCNNamespace(nil)
	assert.NoError(t, err)
	assert.Nil(t, ns)

	hns, err := hcnhost.ToHCNNamespace(nil)
	assert.NoError(t, err)
	assert.Nil(t, hns)

	ep, err := hcnhost.FromHCNEndpoint(nil)
	assert.NoError(t, err)
	assert.Nil(t, ep)

	hep, err := hcnhost.ToHCNEndpoint(nil)
	assert.NoError(t, err)
	assert.Nil(t, hep)
}

func TestConversionRejectsUnencodableHealthData(t *testing.T) {
	in := hcnEndpointFixture()
	in.Health.Data = func() {}

	_, err := hcnhost.FromHCNEndpoint(in)
	assert.Error(t, err, "a value JSON cannot carry must fail, not vanish")
}

func TestConversionCopiesRawSettings(t *testing.T) {
	in := hcnEndpointFixture()

	model, err := hcnhost.FromHCNEndpoint(in)
	require.NoError(t, err)
	model.Policies[0].Settings[1] = 'X'

	assert.JSONEq(t, `{"Overhead":50}`, string(in.Policies[0].Settings),
		"the model must not alias the HCN document's raw bytes")
}

// TestConversionsCoverEveryField fills every field of each hcsshim
// document and of its model twin by reflection, and requires each value to
// come back from a round trip: a field hcsshim adds, or one the model
// gains, and that the conversion does not copy, fails here.
func TestConversionsCoverEveryField(t *testing.T) {
	t.Run("HostComputeEndpoint", func(t *testing.T) {
		requireRoundTripOfEveryField(t, hcnhost.FromHCNEndpoint, hcnhost.ToHCNEndpoint)
	})
	t.Run("Endpoint", func(t *testing.T) {
		requireRoundTripOfEveryField(t, hcnhost.ToHCNEndpoint, hcnhost.FromHCNEndpoint)
	})
	t.Run("HostComputeNamespace", func(t *testing.T) {
		requireRoundTripOfEveryField(t, hcnhost.FromHCNNamespace, hcnhost.ToHCNNamespace)
	})
	t.Run("Namespace", func(t *testing.T) {
		requireRoundTripOfEveryField(t, hcnhost.ToHCNNamespace, hcnhost.FromHCNNamespace)
	})
}

// requireRoundTripOfEveryField converts a fully filled In there and back:
// every field of the converted Out must be set, and the In must come back
// unchanged.
func requireRoundTripOfEveryField[In, Out any](t *testing.T, there func(*In) (*Out, error), back func(*Out) (*In, error)) {
	t.Helper()
	var in In
	fillEveryField(&in, 0)
	out, err := there(&in)
	require.NoError(t, err)
	assertNoZeroField(t, out)
	got, err := back(out)
	require.NoError(t, err)
	assert.Equal(t, &in, got)
}

// TestConversionsShareNothing overwrites every field of the source after
// converting it: the converted document must not change with it.
func TestConversionsShareNothing(t *testing.T) {
	t.Run("endpoint", func(t *testing.T) {
		requireNothingShared(t, hcnhost.FromHCNEndpoint, hcnhost.ToHCNEndpoint)
	})
	t.Run("namespace", func(t *testing.T) {
		requireNothingShared(t, hcnhost.FromHCNNamespace, hcnhost.ToHCNNamespace)
	})
}

// requireNothingShared converts a filled In, overwrites the In in place,
// and requires the conversion to still hold the original values.
func requireNothingShared[In, Out any](t *testing.T, there func(*In) (*Out, error), back func(*Out) (*In, error)) {
	t.Helper()
	var in, want In
	fillEveryField(&in, 0)
	fillEveryField(&want, 0)
	out, err := there(&in)
	require.NoError(t, err)
	overwriteInPlace(&in)
	got, err := back(out)
	require.NoError(t, err)
	assert.Equal(t, &want, got)
}

func BenchmarkFromHCNEndpoint(b *testing.B) {
	in := hcnEndpointFixture()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := hcnhost.FromHCNEndpoint(in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromHCNNamespace(b *testing.B) {
	in := &hcn.HostComputeNamespace{
		Id:   "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34",
		Type: hcn.NamespaceTypeHostDefault,
		Resources: []hcn.NamespaceResource{
			{Type: hcn.NamespaceResourceTypeEndpoint, Data: json.RawMessage(`{"Id":"5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90"}`)},
		},
		SchemaVersion: hcn.SchemaVersion{Major: 2},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := hcnhost.FromHCNNamespace(in); err != nil {
			b.Fatal(err)
		}
	}
}
