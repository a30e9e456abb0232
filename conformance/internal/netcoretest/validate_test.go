package netcoretest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// TestSetupRejectsBadEndpoints feeds one bad field at a time and checks
// the error names the endpoint, the field and the value, is an invalid
// argument, and that nothing reached the VM or the guest.
func TestSetupRejectsBadEndpoints(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(eps []*hcnmodel.Endpoint)
		want   string
	}{
		{"id not a guid", func(eps []*hcnmodel.Endpoint) { eps[0].Id = "ep-1" }, `field ID: invalid value "ep-1": not a GUID`},
		{"id differs from listed", func(eps []*hcnmodel.Endpoint) { eps[0].Id = epID(7) }, "host returned it when asked for endpoint " + epID(1)},
		{"other namespace", func(eps []*hcnmodel.Endpoint) { eps[1].HostComputeNamespace = testNS2 }, `field HostComputeNamespace: invalid value "` + testNS2 + `"`},
		{"empty mac", func(eps []*hcnmodel.Endpoint) { eps[0].MacAddress = "" }, `field MacAddress: invalid value "": empty`},
		{"bad mac", func(eps []*hcnmodel.Endpoint) { eps[0].MacAddress = "00-15-5D-00-00" }, `field MacAddress: invalid value "00-15-5D-00-00"`},
		{"long mac", func(eps []*hcnmodel.Endpoint) {
			eps[0].MacAddress = "00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01"
		}, "not a 48-bit MAC address"},
		{"duplicate mac", func(eps []*hcnmodel.Endpoint) { eps[1].MacAddress = "00:15:5d:00:00:01" }, `same MAC as endpoint ` + epID(1)},
		{"bad ip", func(eps []*hcnmodel.Endpoint) { eps[0].IpConfigurations[0].IpAddress = "10.0.0.256" }, `field IpConfigurations[0].IpAddress: invalid value "10.0.0.256"`},
		{"v4 prefix", func(eps []*hcnmodel.Endpoint) { eps[0].IpConfigurations[0].PrefixLength = 33 }, `field IpConfigurations[0].PrefixLength: invalid value "33"`},
		{"v6 prefix ok, then too long", func(eps []*hcnmodel.Endpoint) {
			eps[0].IpConfigurations = append(eps[0].IpConfigurations, hcnmodel.IpConfig{IpAddress: "fd00::1", PrefixLength: 129})
		}, `field IpConfigurations[1].PrefixLength: invalid value "129"`},
		{"route prefix", func(eps []*hcnmodel.Endpoint) { eps[0].Routes = []hcnmodel.Route{{DestinationPrefix: "0.0.0.0"}} }, `field Routes[0].DestinationPrefix: invalid value "0.0.0.0"`},
		{"route next hop", func(eps []*hcnmodel.Endpoint) {
			eps[0].Routes = []hcnmodel.Route{{DestinationPrefix: "0.0.0.0/0", NextHop: "gateway"}}
		}, `field Routes[0].NextHop: invalid value "gateway"`},
		{"dns server", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.ServerList = []string{"10.0.0.10", "10.0.0.11,10.0.0.12"} }, `field Dns.ServerList[1]: invalid value "10.0.0.11,10.0.0.12"`},
		{"dns domain comma", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Domain = "a.local,b.local" }, `field Dns.Domain: invalid value "a.local,b.local": character ','`},
		{"dns search newline", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Search = []string{"svc.local\nnameserver 6.6.6.6"} }, `field Dns.Search[0]`},
		{"dns search space", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Search = []string{"svc local"} }, `character ' '`},
		{"dns search nul", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Search = []string{"svc\x00local"} }, `character '\x00'`},
		{"dns empty label", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Search = []string{"a..b"} }, "empty DNS label"},
		{"ip zone", func(eps []*hcnmodel.Endpoint) {
			eps[0].IpConfigurations[0] = hcnmodel.IpConfig{IpAddress: "fe80::1%eth0", PrefixLength: 64}
		}, `field IpConfigurations[0].IpAddress: invalid value "fe80::1%eth0": IPv6 zone not allowed`},
		{"route prefix zone", func(eps []*hcnmodel.Endpoint) {
			eps[0].Routes = []hcnmodel.Route{{DestinationPrefix: "fe80::%eth0/64"}}
		}, `field Routes[0].DestinationPrefix: invalid value "fe80::%eth0/64": IPv6 zone not allowed`},
		{"next hop zone", func(eps []*hcnmodel.Endpoint) {
			eps[0].Routes = []hcnmodel.Route{{DestinationPrefix: "::/0", NextHop: "fe80::1%eth0"}}
		}, `field Routes[0].NextHop: invalid value "fe80::1%eth0": IPv6 zone not allowed`},
		{"dns server zone with a space", func(eps []*hcnmodel.Endpoint) { eps[1].Dns.ServerList = []string{"fe80::53%vEthernet (nat)"} }, `endpoint ` + epID(2) + `: field Dns.ServerList[0]: invalid value "fe80::53%vEthernet (nat)": IPv6 zone with a character`},
		{"dns server zone with a newline", func(eps []*hcnmodel.Endpoint) { eps[1].Dns.ServerList = []string{"fe80::53%eth0\nsearch evil"} }, `IPv6 zone with a character`},
		{"multicast mac", func(eps []*hcnmodel.Endpoint) { eps[0].MacAddress = "01-00-5E-00-00-01" }, `field MacAddress: invalid value "01-00-5E-00-00-01": multicast MAC address`},
		{"broadcast mac", func(eps []*hcnmodel.Endpoint) { eps[0].MacAddress = "FF-FF-FF-FF-FF-FF" }, `field MacAddress: invalid value "FF-FF-FF-FF-FF-FF": broadcast MAC address`},
		{"zero mac", func(eps []*hcnmodel.Endpoint) { eps[0].MacAddress = "00:00:00:00:00:00" }, `field MacAddress: invalid value "00:00:00:00:00:00": all-zero MAC address`},
		{"eui-64 mac", func(eps []*hcnmodel.Endpoint) { eps[0].MacAddress = "00-15-5D-FF-FE-00-00-01" }, `field MacAddress: invalid value "00-15-5D-FF-FE-00-00-01": not a 48-bit MAC address`},
		{"too many dns servers", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.ServerList = repeat("10.0.0.10", 10_000) }, `field Dns.ServerList: invalid value "10000 servers": more than 32`},
		{"too many search domains", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Search = repeat("svc.local", netcore.MaxDNSSearch+1) }, `field Dns.Search: invalid value "33 domains": more than 32`},
		{"too many dns options", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Options = repeat("rotate", netcore.MaxDNSOptions+1) }, `field Dns.Options: invalid value "33 options": more than 32`},
		{"dns option empty", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Options = []string{"ndots:5", ""} }, `field Dns.Options[1]: invalid value "": empty DNS option`},
		{"dns option space", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Options = []string{"ndots:5 rotate"} }, `field Dns.Options[0]: invalid value "ndots:5 rotate": character ' '`},
		{"dns option comma", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Options = []string{"ndots:5,rotate"} }, `field Dns.Options[0]: invalid value "ndots:5,rotate": character ','`},
		{"dns option newline", func(eps []*hcnmodel.Endpoint) { eps[0].Dns.Options = []string{"rotate\nnameserver 6.6.6.6"} }, `field Dns.Options[0]: invalid value "rotate\nnameserver 6.6.6.6": character '\n'`},
		{"encap undecodable", func(eps []*hcnmodel.Endpoint) {
			eps[0].Policies = []hcnmodel.EndpointPolicy{{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(`{"Overhead":"fifty"}`)}}
		}, `field Policies[0].Settings: invalid value "{\"Overhead\":\"fifty\"}"`},
		{"encap out of bounds", func(eps []*hcnmodel.Endpoint) {
			eps[0].Policies = []hcnmodel.EndpointPolicy{{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(`{"Overhead":1500}`)}}
		}, `field Policies[0].Settings.Overhead: invalid value "1500": more than 1432`},
	}
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		for _, tc := range tests {
			t.Run(kind.String()+"/"+tc.name, func(t *testing.T) {
				w := newWorld(t)
				eps := w.addNamespace(testNS, "eth0", "net1")
				tc.mutate(eps)
				c := newTestController(t, w, kind, true)
				err := c.Setup(context.Background())
				require.Error(t, err)
				assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
				assert.Contains(t, err.Error(), tc.want)
				assert.Contains(t, err.Error(), "endpoint ")
				for _, call := range w.takeCalls() {
					assert.True(t, strings.HasPrefix(call, "host."), "only reads before validation: %s", call)
				}
				require.NoError(t, c.Teardown(context.Background()))
				w.assertClean(t)
			})
		}
	}
}

func TestSetupAcceptsValidVariety(t *testing.T) {
	w := newWorld(t)
	eps := w.addNamespace(testNS, "eth0")
	ep := eps[0]
	ep.MacAddress = "00:15:5d:aa:bb:cc"
	ep.IpConfigurations = []hcnmodel.IpConfig{{IpAddress: "10.1.2.3", PrefixLength: 32}, {IpAddress: "fd00::3", PrefixLength: 64}}
	ep.Routes = []hcnmodel.Route{{DestinationPrefix: "0.0.0.0/0", NextHop: "10.1.2.1", Metric: 5}, {DestinationPrefix: "::/0"}}
	ep.Dns = hcnmodel.Dns{
		Domain:     "Pod.Cluster.Local.",
		Search:     append([]string{"svc.cluster.local", "_tcp.example"}, repeat("cluster.local", netcore.MaxDNSSearch-2)...),
		ServerList: append([]string{"10.96.0.10", "fd00::a", "fe80::53"}, repeat("10.96.0.11", netcore.MaxDNSServers-3)...),
		Options:    append([]string{"ndots:5", "edns0", "timeout:2", "trust-ad"}, repeat("rotate", netcore.MaxDNSOptions-4)...),
	}
	ep.Policies = []hcnmodel.EndpointPolicy{
		{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(`{"Overhead":50}`)},
		{Type: "ACL", Settings: json.RawMessage(`{"anything":"goes"}`)},
	}
	for len(ep.Routes) < netcore.MaxRoutes {
		ep.Routes = append(ep.Routes, hcnmodel.Route{DestinationPrefix: "192.168.0.0/16", NextHop: "10.1.2.1"})
	}
	for len(ep.IpConfigurations) < netcore.MaxIPConfigurations {
		ep.IpConfigurations = append(ep.IpConfigurations, hcnmodel.IpConfig{IpAddress: "10.1.2.4", PrefixLength: 32})
	}
	for len(ep.Policies) < netcore.MaxPolicies {
		ep.Policies = append(ep.Policies, hcnmodel.EndpointPolicy{Type: "ACL"})
	}
	ep.HostComputeNamespace = strings.ToUpper(testNS)
	c := newTestController(t, w, lcowLike, true)
	require.NoError(t, c.Setup(context.Background()))
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestValidateEndpointsDuplicates checks that two spellings of one
// endpoint ID or one MAC are caught, and that the error names the first
// endpoint with it.
func TestValidateEndpointsDuplicates(t *testing.T) {
	ep := func(id, mac string) *hcnmodel.Endpoint {
		return &hcnmodel.Endpoint{Id: id, MacAddress: mac, HostComputeNamespace: testNS}
	}
	err := netcore.ValidateEndpoints(testNS, []*hcnmodel.Endpoint{
		ep(epID(1), "00-15-5D-00-00-01"), ep(epID(2), "00-15-5D-00-00-02"), ep(strings.ToUpper(epID(1)), "00-15-5D-00-00-03"),
	})
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.ErrorContains(t, err, `field ID: invalid value "`+strings.ToUpper(epID(1))+`": listed twice in the namespace (first as `+epID(1)+`)`)

	err = netcore.ValidateEndpoints(testNS, []*hcnmodel.Endpoint{
		ep(epID(1), "00-15-5D-00-00-01"), ep(epID(2), "00-15-5D-00-00-02"), ep(epID(3), "0015.5d00.0002"),
	})
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.ErrorContains(t, err, `endpoint `+epID(3)+`: field MacAddress: invalid value "0015.5d00.0002": same MAC as endpoint `+epID(2))

	err = netcore.ValidateEndpoints("not-a-namespace", []*hcnmodel.Endpoint{ep(epID(1), "00-15-5D-00-00-01")})
	assert.ErrorContains(t, err, `field HostComputeNamespace: invalid value "`+testNS+`": endpoint belongs to another namespace than not-a-namespace`)

	require.NoError(t, netcore.ValidateEndpoints(strings.ToUpper(testNS), []*hcnmodel.Endpoint{
		ep(epID(1), "00-15-5D-00-00-01"), ep(epID(2), "00:15:5d:00:00:02"),
	}), "namespace IDs compare without regard to case")
}

// Routes, addresses and policies reach the guest one by one; a CNI result
// with an unbounded number of them is refused like an unbounded DNS list.
func TestValidateBoundsRoutesAddressesAndPolicies(t *testing.T) {
	const hostile = 100_000
	tests := map[string]struct {
		mutate func(ep *hcnmodel.Endpoint)
		want   string
	}{
		"addresses": {func(ep *hcnmodel.Endpoint) {
			ep.IpConfigurations = make([]hcnmodel.IpConfig, hostile)
			for i := range ep.IpConfigurations {
				ep.IpConfigurations[i] = hcnmodel.IpConfig{IpAddress: "10.0.0.1", PrefixLength: 24}
			}
		}, `field IpConfigurations: invalid value "100000 addresses": more than `},
		"routes": {func(ep *hcnmodel.Endpoint) {
			ep.Routes = make([]hcnmodel.Route, hostile)
			for i := range ep.Routes {
				ep.Routes[i] = hcnmodel.Route{DestinationPrefix: "0.0.0.0/0"}
			}
		}, `field Routes: invalid value "100000 routes": more than `},
		"policies": {func(ep *hcnmodel.Endpoint) {
			ep.Policies = make([]hcnmodel.EndpointPolicy, hostile)
			for i := range ep.Policies {
				ep.Policies[i] = hcnmodel.EndpointPolicy{Type: "ACL", Settings: json.RawMessage(`{}`)}
			}
		}, `field Policies: invalid value "100000 policies": more than `},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ep := &hcnmodel.Endpoint{Id: epID(1), MacAddress: "00-15-5D-00-00-01", HostComputeNamespace: testNS}
			tc.mutate(ep)
			err := netcore.ValidateEndpoints(testNS, []*hcnmodel.Endpoint{ep})
			require.Error(t, err)
			assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
			assert.ErrorContains(t, err, "endpoint "+epID(1)+": "+tc.want)
		})
	}
}
