package netlcow

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Adapter is the document the Linux guest agent receives for one NIC: the
// NIC's identity in the VM plus the addressing, routing and resolver
// configuration it applies inside the pod's network namespace.
//
// The JSON names are the wire names; every field is omitted when empty.
type Adapter struct {
	// NamespaceID is the pod's HCN namespace ID, which the guest uses to
	// find the pod's network namespace.
	NamespaceID string `json:",omitempty"`
	// ID is the NIC's ID in the VM (a Windows GUID string).
	ID string `json:",omitempty"`
	// MacAddress is the NIC's MAC address, as HCN spells it.
	MacAddress string `json:",omitempty"`
	// DNSSuffix is, despite its name, the comma-separated resolver search
	// list the guest writes to resolv.conf.
	DNSSuffix string `json:",omitempty"`
	// DNSServerList is the comma-separated list of name servers.
	DNSServerList string `json:",omitempty"`
	// EncapOverhead is the number of bytes the host's encapsulation adds to
	// each packet; the guest lowers the MTU by that much.
	EncapOverhead uint16 `json:",omitempty"`
	// VPCIAssigned says the NIC is a VPCI-assigned device.
	VPCIAssigned bool `json:",omitempty"`
	// IPConfigs are the addresses to assign.
	IPConfigs []IPConfig `json:",omitempty"`
	// Routes are the routes to install.
	Routes []Route `json:",omitempty"`
	// PolicyBasedRouting asks the guest to configure the NIC with
	// policy-based (per-source) routing.
	PolicyBasedRouting bool `json:",omitempty"`
	// EnableLowMetric, read only when PolicyBasedRouting is set, asks the
	// guest to install this NIC's routes with a low priority (high metric).
	EnableLowMetric bool `json:",omitempty"`
}

// IPConfig is one address of an [Adapter].
type IPConfig struct {
	IPAddress    string `json:",omitempty"`
	PrefixLength uint8  `json:",omitempty"`
}

// Route is one route of an [Adapter].
type Route struct {
	NextHop           string `json:",omitempty"`
	DestinationPrefix string `json:",omitempty"`
	Metric            uint16 `json:",omitempty"`
}

// BuildAdapter turns the HCN endpoint ep, hot-added as NIC nicID, into the
// adapter document for the pod namespace namespaceID.
//
// Addresses and routes are copied as they are. The resolver search list is
// the endpoint's DNS domain (when set) followed by its search list; it and
// the server list are joined with commas and lower-cased. The encapsulation
// overhead comes from the endpoint's [hcnmodel.EncapOverhead] policy (the
// last one, should there be several).
//
// A nil endpoint, or an EncapOverhead policy whose settings do not decode,
// is an error wrapping errdefs.ErrInvalidArgument.
func BuildAdapter(namespaceID, nicID string, ep *hcnmodel.Endpoint, policyBasedRouting bool) (*Adapter, error) {
	if ep == nil {
		return nil, fmt.Errorf("build adapter for NIC %s: endpoint is nil: %w", nicID, errdefs.ErrInvalidArgument)
	}

	a := &Adapter{
		NamespaceID:        namespaceID,
		ID:                 nicID,
		MacAddress:         ep.MacAddress,
		DNSSuffix:          joinLower(searchList(ep.Dns)),
		DNSServerList:      joinLower(ep.Dns.ServerList),
		PolicyBasedRouting: policyBasedRouting,
	}

	if len(ep.IpConfigurations) > 0 {
		a.IPConfigs = make([]IPConfig, len(ep.IpConfigurations))
		for i, c := range ep.IpConfigurations {
			a.IPConfigs[i] = IPConfig{IPAddress: c.IpAddress, PrefixLength: c.PrefixLength}
		}
	}
	if len(ep.Routes) > 0 {
		a.Routes = make([]Route, len(ep.Routes))
		for i, r := range ep.Routes {
			a.Routes[i] = Route{NextHop: r.NextHop, DestinationPrefix: r.DestinationPrefix, Metric: r.Metric}
		}
	}

	for i, p := range ep.Policies {
		if p.Type != hcnmodel.EncapOverhead {
			continue
		}
		var s hcnmodel.EncapOverheadEndpointPolicySetting
		if err := json.Unmarshal(p.Settings, &s); err != nil {
			return nil, fmt.Errorf("endpoint %s: %s policy: Policies[%d].Settings %s does not decode: %w: %w",
				ep.Id, p.Type, i, rawValue(p.Settings), errdefs.ErrInvalidArgument, err)
		}
		a.EncapOverhead = s.Overhead
	}

	return a, nil
}

// searchList is the resolver search list of d: the domain first, when set,
// then the search entries. It never modifies d.
func searchList(d hcnmodel.Dns) []string {
	if d.Domain == "" {
		return d.Search
	}
	out := make([]string, 0, 1+len(d.Search))
	out = append(out, d.Domain)
	return append(out, d.Search...)
}

// joinLower lower-cases every entry and joins them with commas.
func joinLower(list []string) string {
	return strings.ToLower(strings.Join(list, ","))
}

// rawValue shows a raw settings document in an error message.
func rawValue(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "(empty)"
	}
	return string(raw)
}
