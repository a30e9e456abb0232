package netlcow

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/containerd/errdefs"

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
			if !errdefs.IsInvalidArgument(err) {
				t.Fatalf("validation rejected without an invalid argument: %v", err)
			}
			// BuildAdapter alone must still not panic on it.
			if _, err := BuildAdapter(fuzzNamespace, fuzzNIC, &ep, pbr); err != nil && !errdefs.IsInvalidArgument(err) {
				t.Fatalf("BuildAdapter failed without an invalid argument: %v", err)
			}
			return
		}
		a, err := BuildAdapter(fuzzNamespace, fuzzNIC, &ep, pbr)
		if err != nil {
			t.Fatalf("validated endpoint does not build: %v", err)
		}
		if a.ID != fuzzNIC || a.NamespaceID != fuzzNamespace || a.MacAddress != ep.MacAddress || a.PolicyBasedRouting != pbr {
			t.Fatalf("identity fields lost: %+v", a)
		}
		if len(a.IPConfigs) != len(ep.IpConfigurations) || len(a.Routes) != len(ep.Routes) {
			t.Fatalf("addresses or routes lost: %+v", a)
		}
		wantSearch := ep.Dns.Search
		if ep.Dns.Domain != "" {
			wantSearch = append([]string{ep.Dns.Domain}, wantSearch...)
		}
		checkList(t, "DNSSuffix", a.DNSSuffix, wantSearch)
		checkList(t, "DNSServerList", a.DNSServerList, ep.Dns.ServerList)

		raw, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back Adapter
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(normalizeEmpty(&back), normalizeEmpty(a)) {
			t.Fatalf("adapter JSON does not round-trip:\n%+v\n%+v", a, &back)
		}
	})
}

// checkList asserts that joined splits back into want, lower-cased.
func checkList(t *testing.T, field, joined string, want []string) {
	t.Helper()
	if len(want) == 0 {
		if joined != "" {
			t.Fatalf("%s = %q, want empty", field, joined)
		}
		return
	}
	got := strings.Split(joined, ",")
	if len(got) != len(want) {
		t.Fatalf("%s = %q does not split into the %d entries %q", field, joined, len(want), want)
	}
	for i := range want {
		if got[i] != strings.ToLower(want[i]) {
			t.Fatalf("%s entry %d = %q, want %q", field, i, got[i], strings.ToLower(want[i]))
		}
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
