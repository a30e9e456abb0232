package conformance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The pod namespaces of the scenarios: the one Setup attaches, and the one
// a migration destination is patched to.
const (
	sourceNamespaceID      = "a0c2e4f6-0000-4000-8000-00000000a001"
	destinationNamespaceID = "a0c2e4f6-0000-4000-8000-00000000b002"
)

// podFixture is one HCN namespace and its endpoints, in HCN's order.
type podFixture struct {
	namespace *hcnmodel.Namespace
	endpoints []*hcnmodel.Endpoint
}

// newPodFixture builds a namespace holding n endpoints. The last endpoint in
// HCN order is the primary ("..._eth0"), so a controller that keeps HCN's
// order instead of putting eth0 first is caught whenever n >= 2. The
// endpoints carry every field that reaches the guest (addresses, routes,
// DNS in mixed case, an encap overhead policy beside an unrelated one), and
// one of them carries almost nothing, to exercise empty fields. mark keeps
// two fixtures' IDs and MACs apart.
func newPodFixture(namespaceID string, n int, mark byte) podFixture {
	f := podFixture{namespace: &hcnmodel.Namespace{
		Id:            namespaceID,
		NamespaceId:   uint32(mark),
		Type:          hcnmodel.NamespaceTypeGuest,
		SchemaVersion: hcnmodel.SchemaVersion{Major: 2, Minor: 0},
	}}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("pod-%c-net%d", mark, i)
		if i == n {
			name = fmt.Sprintf("pod-%c_eth0", mark)
		}
		ep := &hcnmodel.Endpoint{
			Id:                   fmt.Sprintf("e0000000-00%02x-4000-8000-0000000000%02x", mark, i),
			Name:                 name,
			HostComputeNetwork:   "c0000000-0000-4000-8000-0000000000cc",
			HostComputeNamespace: namespaceID,
			MacAddress:           fmt.Sprintf("00-15-5D-%02X-00-%02X", mark, i),
			SchemaVersion:        hcnmodel.SchemaVersion{Major: 2, Minor: 16},
		}
		if i != 2 { // endpoint 2 stays minimal: only ID, name and MAC reach the guest
			ep.IpConfigurations = []hcnmodel.IpConfig{
				{IpAddress: fmt.Sprintf("10.%d.0.%d", mark%200, 10+i), PrefixLength: 24},
				{IpAddress: fmt.Sprintf("FD00::%X", 0xA0+i), PrefixLength: 64},
			}
			// Metrics differ between every two endpoints of all fixtures:
			// hcsshim's Linux guest agent fails a pod with two default
			// routes of one metric in one table (netlcow.CheckRoutes), and
			// hot-plug scenarios join endpoints of several fixtures.
			ep.Routes = []hcnmodel.Route{
				{NextHop: fmt.Sprintf("10.%d.0.1", mark%200), DestinationPrefix: "0.0.0.0/0", Metric: uint16(mark)*16 + uint16(i)},
			}
			ep.Dns = hcnmodel.Dns{
				Domain:     "Pod.Cluster.Local",
				Search:     []string{"Svc.Cluster.Local", "cluster.local"},
				ServerList: []string{"10.96.0.10", "FD00::A"},
			}
			ep.Policies = []hcnmodel.EndpointPolicy{
				{Type: "OutBoundNAT", Settings: json.RawMessage(`{"Exceptions":["10.0.0.0/8"]}`)},
				{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(fmt.Sprintf(`{"Overhead":%d}`, 40+i))},
			}
		}
		f.endpoints = append(f.endpoints, ep)
	}
	return f
}

// endpointIDs returns the endpoint IDs in HCN order.
func (f podFixture) endpointIDs() []string {
	ids := make([]string, len(f.endpoints))
	for i, ep := range f.endpoints {
		ids[i] = ep.Id
	}
	return ids
}

// guestOrder returns the endpoints in the order the guest must see them:
// the one named "...eth0" first, HCN's order otherwise. It is the suite's
// own statement of the rule, not the controller's code.
func (f podFixture) guestOrder() []*hcnmodel.Endpoint {
	out := slices.Clone(f.endpoints)
	slices.SortStableFunc(out, func(a, b *hcnmodel.Endpoint) int {
		pa, pb := strings.HasSuffix(a.Name, "eth0"), strings.HasSuffix(b.Name, "eth0")
		switch {
		case pa == pb:
			return 0
		case pa:
			return -1
		}
		return 1
	})
	return out
}

// cloneEndpoint and cloneNamespace return deep copies, so that what a
// controller does with a document it was handed cannot change the fixture
// it is compared with: the copy a real HCN read hands out.
var (
	cloneEndpoint  = simworld.CopyEndpoint
	cloneNamespace = simworld.CopyNamespace
)

// nicIDs is the deterministic NIC ID source the suite gives each
// controller, so expected calls can name NICs before they exist. IDs are
// GUIDs increasing in the order they are handed out.
type nicIDs struct {
	mu   sync.Mutex
	mark byte
	next int
}

func newNICIDs(mark byte) *nicIDs { return &nicIDs{mark: mark} }

// New is the controller's NewNICID.
func (g *nicIDs) New() (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.next++
	return nicID(g.mark, g.next), nil
}

// nicID is the k-th ID (from 1) that a generator with mark hands out.
func nicID(mark byte, k int) string {
	return fmt.Sprintf("d1c00000-%04x-4000-8000-%012x", mark, k)
}
