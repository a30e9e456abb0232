package netlcow

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

const (
	testNamespaceID = "b7a3c1d2-0000-4e5f-8a9b-112233445566"
	testNICID       = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
	testEndpointID  = "6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f"
)

func encap(settings string) hcnmodel.EndpointPolicy {
	return hcnmodel.EndpointPolicy{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(settings)}
}

func TestBuildAdapter(t *testing.T) {
	for _, tc := range []struct {
		name string
		ep   hcnmodel.Endpoint
		pbr  bool
		want Adapter
	}{
		{
			name: "no DNS, nothing else",
			ep:   hcnmodel.Endpoint{Id: testEndpointID, MacAddress: "00-15-5D-01-02-03"},
			want: Adapter{NamespaceID: testNamespaceID, ID: testNICID, MacAddress: "00-15-5D-01-02-03"},
		},
		{
			name: "DNS domain first, then search list",
			ep: hcnmodel.Endpoint{Id: testEndpointID, Dns: hcnmodel.Dns{
				Domain: "pod.example", Search: []string{"svc.example", "example"},
				ServerList: []string{"10.0.0.10", "10.0.0.11"},
			}},
			want: Adapter{
				NamespaceID: testNamespaceID, ID: testNICID,
				DNSSuffix: "pod.example,svc.example,example", DNSServerList: "10.0.0.10,10.0.0.11",
			},
		},
		{
			name: "search list without domain",
			ep:   hcnmodel.Endpoint{Id: testEndpointID, Dns: hcnmodel.Dns{Search: []string{"a.example", "b.example"}}},
			want: Adapter{NamespaceID: testNamespaceID, ID: testNICID, DNSSuffix: "a.example,b.example"},
		},
		{
			name: "domain only",
			ep:   hcnmodel.Endpoint{Id: testEndpointID, Dns: hcnmodel.Dns{Domain: "only.example"}},
			want: Adapter{NamespaceID: testNamespaceID, ID: testNICID, DNSSuffix: "only.example"},
		},
		{
			name: "DNS lower-cased, MAC untouched",
			ep: hcnmodel.Endpoint{Id: testEndpointID, MacAddress: "00-15-5D-AA-BB-CC", Dns: hcnmodel.Dns{
				Domain: "Pod.EXAMPLE", Search: []string{"Svc.Example"},
				ServerList: []string{"FE80::1%ETH0", "10.0.0.10"},
			}},
			want: Adapter{
				NamespaceID: testNamespaceID, ID: testNICID, MacAddress: "00-15-5D-AA-BB-CC",
				DNSSuffix: "pod.example,svc.example", DNSServerList: "fe80::1%eth0,10.0.0.10",
			},
		},
		{
			name: "encap overhead",
			ep: hcnmodel.Endpoint{Id: testEndpointID, Policies: []hcnmodel.EndpointPolicy{
				{Type: "ACL", Settings: json.RawMessage(`{"Action":"Allow"}`)},
				encap(`{"Overhead":50}`),
			}},
			want: Adapter{NamespaceID: testNamespaceID, ID: testNICID, EncapOverhead: 50},
		},
		{
			name: "other policies with undecodable settings are ignored",
			ep: hcnmodel.Endpoint{Id: testEndpointID, Policies: []hcnmodel.EndpointPolicy{
				{Type: "OutBoundNAT", Settings: json.RawMessage(`not json`)},
			}},
			want: Adapter{NamespaceID: testNamespaceID, ID: testNICID},
		},
		{
			name: "last encap overhead policy wins",
			ep: hcnmodel.Endpoint{Id: testEndpointID, Policies: []hcnmodel.EndpointPolicy{
				encap(`{"Overhead":50}`), encap(`{"Overhead":70}`),
			}},
			want: Adapter{NamespaceID: testNamespaceID, ID: testNICID, EncapOverhead: 70},
		},
		{
			name: "policy-based routing flag",
			ep:   hcnmodel.Endpoint{Id: testEndpointID},
			pbr:  true,
			want: Adapter{NamespaceID: testNamespaceID, ID: testNICID, PolicyBasedRouting: true},
		},
		{
			name: "IP configs and routes copied in order",
			ep: hcnmodel.Endpoint{
				Id: testEndpointID,
				IpConfigurations: []hcnmodel.IpConfig{
					{IpAddress: "10.1.2.3", PrefixLength: 24},
					{IpAddress: "fd00::3", PrefixLength: 64},
				},
				Routes: []hcnmodel.Route{
					{NextHop: "10.1.2.1", DestinationPrefix: "0.0.0.0/0", Metric: 5},
					{NextHop: "fd00::1", DestinationPrefix: "::/0"},
				},
			},
			want: Adapter{
				NamespaceID: testNamespaceID, ID: testNICID,
				IPConfigs: []IPConfig{{IPAddress: "10.1.2.3", PrefixLength: 24}, {IPAddress: "fd00::3", PrefixLength: 64}},
				Routes: []Route{
					{NextHop: "10.1.2.1", DestinationPrefix: "0.0.0.0/0", Metric: 5},
					{NextHop: "fd00::1", DestinationPrefix: "::/0"},
				},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ep := tc.ep
			before := fmt.Sprintf("%#v", ep)
			got, err := BuildAdapter(testNamespaceID, testNICID, &ep, tc.pbr)
			require.NoError(t, err)
			assert.Equal(t, tc.want, *got)
			assert.Equal(t, before, fmt.Sprintf("%#v", ep), "BuildAdapter modified the endpoint")
		})
	}
}

func TestBuildAdapterDoesNotAliasEndpoint(t *testing.T) {
	ep := &hcnmodel.Endpoint{
		Id:               testEndpointID,
		IpConfigurations: []hcnmodel.IpConfig{{IpAddress: "10.1.2.3", PrefixLength: 24}},
		Routes:           []hcnmodel.Route{{NextHop: "10.1.2.1", DestinationPrefix: "0.0.0.0/0"}},
		Dns:              hcnmodel.Dns{Domain: "d.example", Search: make([]string, 1, 8)},
	}
	ep.Dns.Search[0] = "s.example"
	a, err := BuildAdapter(testNamespaceID, testNICID, ep, false)
	require.NoError(t, err)
	a.IPConfigs[0].IPAddress = "changed"
	a.Routes[0].NextHop = "changed"
	assert.Equal(t, "10.1.2.3", ep.IpConfigurations[0].IpAddress, "adapter shares IP configs with the endpoint")
	assert.Equal(t, "10.1.2.1", ep.Routes[0].NextHop, "adapter shares routes with the endpoint")
	assert.Empty(t, ep.Dns.Search[:2][1], "search list backing array written")
}

func TestBuildAdapterErrors(t *testing.T) {
	t.Run("nil endpoint", func(t *testing.T) {
		_, err := BuildAdapter(testNamespaceID, testNICID, nil, false)
		require.ErrorIs(t, err, errdefs.ErrInvalidArgument)
		assert.ErrorContains(t, err, testNICID, "the error must name the NIC")
	})
	for settings, shown := range map[string]string{
		`{"Overhead":"fifty"}`: `{"Overhead":"fifty"}`,
		`{"Overhead":70000}`:   `{"Overhead":70000}`,
		`not json`:             `not json`,
		``:                     `(empty)`,
	} {
		t.Run("bad encap settings "+settings, func(t *testing.T) {
			ep := &hcnmodel.Endpoint{Id: testEndpointID, Policies: []hcnmodel.EndpointPolicy{
				{Type: "ACL"}, encap(settings),
			}}
			a, err := BuildAdapter(testNamespaceID, testNICID, ep, false)
			require.Error(t, err, "BuildAdapter = %+v, want error", a)
			assert.ErrorIs(t, err, errdefs.ErrInvalidArgument)
			for _, want := range []string{testEndpointID, "Policies[1].Settings", "EncapOverhead", shown} {
				assert.ErrorContains(t, err, want)
			}
		})
	}
}

// TestAdapterWireNames pins the JSON names and omitempty of every field.
func TestAdapterWireNames(t *testing.T) {
	full := Adapter{
		NamespaceID: "n", ID: "i", MacAddress: "m", DNSSuffix: "s", DNSServerList: "d",
		EncapOverhead: 1, VPCIAssigned: true,
		IPConfigs:          []IPConfig{{IPAddress: "a", PrefixLength: 2}},
		Routes:             []Route{{NextHop: "h", DestinationPrefix: "p", Metric: 3}},
		PolicyBasedRouting: true, EnableLowMetric: true,
	}
	const want = `{"NamespaceID":"n","ID":"i","MacAddress":"m","DNSSuffix":"s","DNSServerList":"d",` +
		`"EncapOverhead":1,"VPCIAssigned":true,"IPConfigs":[{"IPAddress":"a","PrefixLength":2}],` +
		`"Routes":[{"NextHop":"h","DestinationPrefix":"p","Metric":3}],"PolicyBasedRouting":true,"EnableLowMetric":true}`
	assert.Equal(t, want, mustJSON(t, full), "full adapter")
	assert.Equal(t, `{"IPConfigs":[{}],"Routes":[{}]}`, mustJSON(t, Adapter{IPConfigs: []IPConfig{{}}, Routes: []Route{{}}}),
		"empty fields not omitted")
}

func mustJSON(t *testing.T, v interface{}) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
