package netwcow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// The settings documents, written out from the HCN schema (namespace and
// endpoint field order; omitempty drops empty strings and slices but not
// the Dns and Health structs).
const (
	namespaceWire = `{"ID":"` + testNamespaceID + `","NamespaceId":7,"Type":"Guest","Resources":[{"Type":"Endpoint","Data":{"Id":"` + testEndpointID + `"}}],"SchemaVersion":{"Major":2,"Minor":0}}`
	endpointWire  = `{"ID":"` + testEndpointID + `","Name":"pod-eth0","HostComputeNetwork":"3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d","HostComputeNamespace":"` + testNamespaceID + `",` +
		`"Policies":[{"Type":"EncapOverhead","Settings":{"Overhead":50}}],"IpConfigurations":[{"IpAddress":"10.1.2.3","PrefixLength":24}],` +
		`"Dns":{"Domain":"pod.example","Search":["svc.example"],"ServerList":["10.0.0.10"]},"Routes":[{"NextHop":"10.1.2.1","DestinationPrefix":"0.0.0.0/0","Metric":5}],` +
		`"MacAddress":"00-15-5D-01-02-03","Health":{"Extra":{}},"SchemaVersion":{"Major":2,"Minor":0}}`
)

// routes builds a GuestManager on each route over a recorder, with the
// function that turns a bare request's bytes into what that route sends.
var routes = []struct {
	name string
	new  func(*hcsmodifytest.Recorder) *GuestManager
	wrap func(bare string) string
}{
	{"guest connection", func(r *hcsmodifytest.Recorder) *GuestManager { return NewGuestManager(r) }, func(bare string) string { return bare }},
	{"compute system", func(r *hcsmodifytest.Recorder) *GuestManager { return NewLegacyGuestManager(r) }, func(bare string) string { return `{"GuestRequest":` + bare + `}` }},
}

func TestGuestManagerWire(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func(*GuestManager) error
		bare string
	}{
		{
			name: "add namespace",
			call: func(g *GuestManager) error { return g.AddNetworkNamespace(ctx, testNamespace()) },
			bare: `{"RequestType":"Add","ResourceType":"NetworkNamespace","Settings":` + namespaceWire + `}`,
		},
		{
			name: "remove namespace",
			call: func(g *GuestManager) error { return g.RemoveNetworkNamespace(ctx, testNamespace()) },
			bare: `{"RequestType":"Remove","ResourceType":"NetworkNamespace","Settings":` + namespaceWire + `}`,
		},
		{
			name: "pre-add NIC",
			call: func(g *GuestManager) error {
				return g.AddNetworkInterface(ctx, testNICID, RequestTypePreAdd, testEndpoint())
			},
			bare: `{"RequestType":"Add","ResourceType":"Network","Settings":{"AdapterId":"` + testNICID + `","RequestType":"PreAdd","Settings":` + endpointWire + `}}`,
		},
		{
			name: "add NIC",
			call: func(g *GuestManager) error { return g.AddNetworkInterface(ctx, testNICID, RequestTypeAdd, nil) },
			bare: `{"RequestType":"Add","ResourceType":"Network","Settings":{"AdapterId":"` + testNICID + `","RequestType":"Add","Settings":null}}`,
		},
		{
			name: "remove NIC",
			call: func(g *GuestManager) error { return g.RemoveNetworkInterface(ctx, testNICID, RequestTypeRemove, nil) },
			bare: `{"RequestType":"Remove","ResourceType":"Network","Settings":{"AdapterId":"` + testNICID + `","RequestType":"Remove","Settings":null}}`,
		},
	} {
		for _, r := range routes {
			t.Run(tc.name+"/"+r.name, func(t *testing.T) {
				rec := &hcsmodifytest.Recorder{}
				require.NoError(t, tc.call(r.new(rec)))
				docs := rec.Documents()
				require.Len(t, docs, 1)
				hcsmodifytest.AssertWire(t, docs[0], r.wrap(tc.bare))
			})
		}
	}
}

func TestNewGuestManagerWithoutTransportReportsIt(t *testing.T) {
	for _, g := range []*GuestManager{NewGuestManager(nil), NewLegacyGuestManager(nil), nil} {
		assert.Error(t, g.Validate(), "a guest manager over no transport must say so, for the controller to refuse it")
	}
	assert.NoError(t, NewGuestManager(&hcsmodifytest.Recorder{}).Validate(), "a guest manager over a transport")
}

func TestGuestManagerRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func(*GuestManager) error
		// words the error must contain: the field and the value.
		words []string
	}{
		{"adapter ID empty", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, "", RequestTypeAdd, nil)
		}, []string{"adapterID", `""`}},
		{"adapter ID not a GUID", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, "nic-0", RequestTypePreAdd, testEndpoint())
		}, []string{"adapterID", `"nic-0"`}},
		{"adapter ID braced", func(g *GuestManager) error {
			return g.RemoveNetworkInterface(ctx, "{"+testNICID+"}", RequestTypeRemove, nil)
		}, []string{"adapterID", testNICID}},
		{"remove on add", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, testNICID, RequestTypeRemove, nil)
		}, []string{"requestType", `"Remove"`}},
		{"unknown on add", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, testNICID, "Update", nil)
		}, []string{"requestType", `"Update"`}},
		{"empty on add", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, testNICID, "", nil)
		}, []string{"requestType", `""`}},
		{"pre-add on remove", func(g *GuestManager) error {
			return g.RemoveNetworkInterface(ctx, testNICID, RequestTypePreAdd, nil)
		}, []string{"requestType", `"PreAdd"`}},
		{"add on remove", func(g *GuestManager) error {
			return g.RemoveNetworkInterface(ctx, testNICID, RequestTypeAdd, nil)
		}, []string{"requestType", `"Add"`}},
		{"nil namespace on add", func(g *GuestManager) error {
			return g.AddNetworkNamespace(ctx, nil)
		}, []string{"namespace"}},
		{"nil namespace on remove", func(g *GuestManager) error {
			return g.RemoveNetworkNamespace(ctx, nil)
		}, []string{"namespace"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &hcsmodifytest.Recorder{}
			err := tc.call(NewGuestManager(m))
			require.ErrorIs(t, err, errdefs.ErrInvalidArgument)
			for _, w := range tc.words {
				assert.Contains(t, err.Error(), w)
			}
			assert.Empty(t, m.Documents(), "nothing may be sent for a bad argument")
		})
	}
}

func TestGuestManagerAcceptsUpperCaseGUID(t *testing.T) {
	m := &hcsmodifytest.Recorder{}
	require.NoError(t, NewGuestManager(m).AddNetworkInterface(context.Background(), strings.ToUpper(testNICID), RequestTypeAdd, nil))
	assert.Len(t, m.Documents(), 1)
}

// Each call wraps what its route answered, never replacing it: netcore's
// sentinels from a shim's own transport, and hcsshim's own errors, which
// the route classifies (a closed bridge on the guest connection, a gone VM
// on the compute system).
func TestGuestManagerTransportErrors(t *testing.T) {
	for _, sentinel := range []error{netcore.ErrGuestUnavailable, netcore.ErrVMUnavailable} {
		for _, r := range routes {
			g := r.new(&hcsmodifytest.Recorder{Err: errors.Join(errors.New("transport failed"), sentinel)})
			checkTransportErrors(t, g, sentinel)
		}
	}
	bridgeClosed := hcsmodifytest.BridgeKilled(errors.New("hvsock reset"))
	checkTransportErrors(t, NewGuestManager(&hcsmodifytest.Recorder{Err: bridgeClosed}), netcore.ErrGuestUnavailable, bridgeClosed)
	vmGone := hcsmodifytest.ComputeSystemError("uvm", hcsmodifytest.HRESULTAlreadyStopped)
	checkTransportErrors(t, NewLegacyGuestManager(&hcsmodifytest.Recorder{Err: vmGone}), netcore.ErrVMUnavailable, vmGone)
}

// checkTransportErrors checks that every call of g fails wrapping each of
// want and naming what it was about.
func checkTransportErrors(t *testing.T, g *GuestManager, want ...error) {
	t.Helper()
	ctx := context.Background()
	for name, tc := range map[string]struct {
		err  error
		name string
	}{
		"add namespace":    {g.AddNetworkNamespace(ctx, testNamespace()), testNamespaceID},
		"remove namespace": {g.RemoveNetworkNamespace(ctx, testNamespace()), testNamespaceID},
		"pre-add":          {g.AddNetworkInterface(ctx, testNICID, RequestTypePreAdd, testEndpoint()), testNICID},
		"add":              {g.AddNetworkInterface(ctx, testNICID, RequestTypeAdd, nil), testNICID},
		"remove":           {g.RemoveNetworkInterface(ctx, testNICID, RequestTypeRemove, nil), testNICID},
	} {
		require.Error(t, tc.err, name)
		for _, w := range want {
			assert.ErrorIs(t, tc.err, w, name)
		}
		assert.Contains(t, tc.err.Error(), tc.name, name)
	}
}

func TestGuestManagerWithoutTransport(t *testing.T) {
	ctx := context.Background()
	for _, g := range []*GuestManager{nil, {}} {
		assert.ErrorIs(t, g.AddNetworkInterface(ctx, testNICID, RequestTypeAdd, nil), errdefs.ErrFailedPrecondition)
		assert.ErrorIs(t, g.AddNetworkNamespace(ctx, testNamespace()), errdefs.ErrFailedPrecondition)
	}
}

// TestNetworkModifyRequestWireNames pins the JSON names and omitempty.
func TestNetworkModifyRequestWireNames(t *testing.T) {
	assert.Equal(t, `{"AdapterId":"a","RequestType":"PreAdd","Settings":{"x":1}}`,
		mustJSON(NetworkModifyRequest{AdapterId: "a", RequestType: RequestTypePreAdd, Settings: map[string]int{"x": 1}}))
	assert.Equal(t, `{}`, mustJSON(NetworkModifyRequest{}))
}
