package lcow

import (
	"encoding/json"
	"strings"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
)

// guestCalls spells out a Linux guest's side of each step. The pause
// container owns the pod's namespace, so namespace steps and the pre-add
// send nothing; a NIC is configured after its hot-add, and removed before
// its hot-remove, only when the guest supports namespace add requests.
func guestCalls(step conformance.GuestStep) []conformance.GuestCall {
	if !step.Pod.GuestNamespaceSupported {
		return nil
	}
	switch step.Kind {
	case conformance.StepConfigureNIC:
		return []conformance.GuestCall{{Method: "AddNetworkInterface", Args: []any{expectedAdapter(step)}}}
	case conformance.StepRemoveNIC:
		return []conformance.GuestCall{{Method: "RemoveNetworkInterface", Args: []any{
			&netlcow.Adapter{NamespaceID: step.Pod.NamespaceID, ID: step.NIC.ID},
		}}}
	}
	return nil
}

// expectedAdapter is the adapter document the guest must receive for the
// NIC, derived here from the wire rules rather than by netlcow's builder,
// so that a builder that drifts from them is caught: addresses and routes
// copied; the search list (the DNS domain first) and the server list
// comma-joined and lower-cased; the overhead from the EncapOverhead policy.
func expectedAdapter(step conformance.GuestStep) *netlcow.Adapter {
	ep := step.NIC.Endpoint
	a := &netlcow.Adapter{
		NamespaceID:        step.Pod.NamespaceID,
		ID:                 step.NIC.ID,
		MacAddress:         ep.MacAddress,
		PolicyBasedRouting: step.Pod.PolicyBasedRouting,
	}
	search := ep.Dns.Search
	if ep.Dns.Domain != "" {
		search = append([]string{ep.Dns.Domain}, search...)
	}
	a.DNSSuffix = strings.ToLower(strings.Join(search, ","))
	a.DNSServerList = strings.ToLower(strings.Join(ep.Dns.ServerList, ","))
	for _, c := range ep.IpConfigurations {
		a.IPConfigs = append(a.IPConfigs, netlcow.IPConfig{IPAddress: c.IpAddress, PrefixLength: c.PrefixLength})
	}
	for _, r := range ep.Routes {
		a.Routes = append(a.Routes, netlcow.Route{NextHop: r.NextHop, DestinationPrefix: r.DestinationPrefix, Metric: r.Metric})
	}
	for _, p := range ep.Policies {
		if p.Type != hcnmodel.EncapOverhead {
			continue
		}
		var s struct{ Overhead uint16 }
		if json.Unmarshal(p.Settings, &s) == nil {
			a.EncapOverhead = s.Overhead
		}
	}
	return a
}
