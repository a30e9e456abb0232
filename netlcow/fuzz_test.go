package netlcow

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

const (
	fuzzNamespace = "11111111-1111-4111-8111-111111111111"
	fuzzNIC       = "aaaaaaaa-0000-4000-8000-000000000001"
)

// FuzzBuildAdapter runs arbitrary endpoint documents through the checks
// Setup makes and, for those accepted, through BuildAdapter. It must never
// panic. What validation accepts must build, and the adapter must carry
// the endpoint faithfully: addresses and routes copied, the DNS lists
// split back into the lower-cased entries (domain first), and the JSON
// round-trip exact. What validation rejects is an invalid argument.
func FuzzBuildAdapter(f *testing.F) {
	seed, _ := json.Marshal(&hcnmodel.Endpoint{
		Id: "eeeeeeee-0000-4000-8000-000000000001", Name: "eth0", HostComputeNamespace: fuzzNamespace, MacAddress: "00-15-5D-00-00-01",
		IpConfigurations: []hcnmodel.IpConfig{{IpAddress: "10.0.0.2", PrefixLength: 24}},
		Routes:           []hcnmodel.Route{{DestinationPrefix: "0.0.0.0/0", NextHop: "10.0.0.1", Metric: 5}},
		Dns:              hcnmodel.Dns{Domain: "Pod.Local", Search: []string{"svc.local"}, ServerList: []string{"10.0.0.10", "FD00::A"}},
		Policies:         []hcnmodel.EndpointPolicy{{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(`{"Overhead":50}`)}},
	})
	f.Add(seed, true)
	f.Add([]byte(`{"ID":"eeeeeeee-0000-4000-8000-000000000001","MacAddress":"00:15:5d:00:00:01","Dns":{"Search":["a,b"]}}`), false)
	f.Add([]byte(`{"ID":"eeeeeeee-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-00-01","Policies":[{"Type":"EncapOverhead","Settings":{"Overhead":"x"}}]}`), false)
	f.Fuzz(func(t *testing.T, doc []byte, pbr bool) {
		var ep hcnmodel.Endpoint
		if json.Unmarshal(doc, &ep) != nil {
			return
		}
		if err := netcore.ValidateEndpoints(fuzzNamespace, []*hcnmodel.Endpoint{&ep}); err != nil {
			require.True(t, errdefs.IsInvalidArgument(err), "validation rejected without an invalid argument: %v", err)
			// BuildAdapter alone must still not panic on it.
			if _, err := BuildAdapter(fuzzNamespace, fuzzNIC, &ep, pbr); err != nil {
				require.True(t, errdefs.IsInvalidArgument(err), "BuildAdapter failed without an invalid argument: %v", err)
			}
			return
		}
		a, err := BuildAdapter(fuzzNamespace, fuzzNIC, &ep, pbr)
		require.NoError(t, err, "validated endpoint does not build")
		require.Equal(t, [4]any{fuzzNIC, fuzzNamespace, ep.MacAddress, pbr}, [4]any{a.ID, a.NamespaceID, a.MacAddress, a.PolicyBasedRouting},
			"identity fields lost: %+v", a)
		require.Len(t, a.IPConfigs, len(ep.IpConfigurations), "addresses lost")
		require.Len(t, a.Routes, len(ep.Routes), "routes lost")
		wantSearch := ep.Dns.Search
		if ep.Dns.Domain != "" {
			wantSearch = append([]string{ep.Dns.Domain}, wantSearch...)
		}
		checkList(t, "DNSSuffix", a.DNSSuffix, wantSearch)
		checkList(t, "DNSServerList", a.DNSServerList, ep.Dns.ServerList)

		raw, err := json.Marshal(a)
		require.NoError(t, err)
		var back Adapter
		require.NoError(t, json.Unmarshal(raw, &back))
		require.Equal(t, normalizeEmpty(a), normalizeEmpty(&back), "adapter JSON does not round-trip")
	})
}

// checkList asserts that joined splits back into want, lower-cased.
func checkList(t *testing.T, field, joined string, want []string) {
	t.Helper()
	if len(want) == 0 {
		require.Empty(t, joined, field)
		return
	}
	got := strings.Split(joined, ",")
	require.Len(t, got, len(want), "%s = %q does not split into the entries %q", field, joined, want)
	for i := range want {
		require.Equal(t, strings.ToLower(want[i]), got[i], "%s entry %d", field, i)
	}
}

// normalizeEmpty makes empty slices nil: omitempty drops them, so the
// round trip cannot tell the two apart, and neither can the guest.
func normalizeEmpty(a *Adapter) *Adapter {
	cp := *a
	if len(cp.IPConfigs) == 0 {
		cp.IPConfigs = nil
	}
	if len(cp.Routes) == 0 {
		cp.Routes = nil
	}
	return &cp
}
