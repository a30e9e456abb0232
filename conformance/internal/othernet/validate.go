package othernet

import (
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"regexp"
	"strings"
	"unicode"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$`)

func isGUID(s string) bool { return guidPattern.MatchString(s) }

// maxResolverEntries bounds each of an endpoint's DNS lists: every entry
// reaches the guest's resolver configuration.
const maxResolverEntries = 32

// checkNamespace refuses a namespace document HCN returned for another ID.
func checkNamespace(want string, ns *hcnmodel.Namespace, bug Bug) error {
	if ns == nil {
		return fmt.Errorf("othernet: HCN returned no document for namespace %s", want)
	}
	if !strings.EqualFold(ns.Id, want) && bug != BugTrustsNamespaceDocument {
		return fmt.Errorf("othernet: HCN answered a read of namespace %s with namespace %q", want, ns.Id)
	}
	return nil
}

// checkEndpoints checks every endpoint of the namespace before anything
// reaches the VM or the guest. listed are the IDs HCN listed, in the order
// of eps.
func checkEndpoints(namespaceID string, listed []string, eps []*hcnmodel.Endpoint, bug Bug) error {
	ids, macs := map[string]string{}, map[string]string{}
	for i, ep := range eps {
		if ep == nil {
			return fmt.Errorf("othernet: HCN returned no document for endpoint %s", listed[i])
		}
		bad := func(field, value, why string) error {
			return fmt.Errorf("othernet: endpoint %s: %s %q: %s", listed[i], field, value, why)
		}
		if !strings.EqualFold(ep.Id, listed[i]) {
			return bad("ID", ep.Id, "HCN answered with another endpoint")
		}
		if !isGUID(ep.Id) {
			return bad("ID", ep.Id, "not a GUID")
		}
		if other, dup := ids[strings.ToLower(ep.Id)]; dup {
			return bad("ID", ep.Id, "listed twice (also "+other+")")
		}
		ids[strings.ToLower(ep.Id)] = ep.Id
		if !strings.EqualFold(ep.HostComputeNamespace, namespaceID) && bug != BugAcceptsForeignEndpoint {
			return bad("HostComputeNamespace", ep.HostComputeNamespace, "not the pod's namespace "+namespaceID)
		}
		mac, err := net.ParseMAC(ep.MacAddress)
		switch {
		case err != nil || len(mac) != 6:
			return bad("MacAddress", ep.MacAddress, "not a 48-bit MAC address")
		case mac[0]&1 != 0 && bug != BugAcceptsMulticastMAC:
			return bad("MacAddress", ep.MacAddress, "a multicast address")
		case mac.String() == "00:00:00:00:00:00":
			return bad("MacAddress", ep.MacAddress, "the zero address")
		}
		if other, dup := macs[mac.String()]; dup {
			return bad("MacAddress", ep.MacAddress, "also the MAC of endpoint "+other)
		}
		macs[mac.String()] = ep.Id
		if err := checkAddressing(ep, bad, bug); err != nil {
			return err
		}
		if err := checkResolver(ep, bad); err != nil {
			return err
		}
		if err := checkPolicies(ep, bad); err != nil {
			return err
		}
	}
	return nil
}

type badField func(field, value, why string) error

func checkAddressing(ep *hcnmodel.Endpoint, bad badField, bug Bug) error {
	for _, c := range ep.IpConfigurations {
		addr, err := netip.ParseAddr(c.IpAddress)
		if err != nil || addr.Zone() != "" {
			return bad("IpConfigurations.IpAddress", c.IpAddress, "not an IP address without zone")
		}
		limit := addr.BitLen()
		if bug == BugPrefixOffByOne {
			limit--
		}
		if int(c.PrefixLength) > limit {
			return bad("IpConfigurations.PrefixLength", fmt.Sprint(c.PrefixLength), "longer than the address "+c.IpAddress)
		}
	}
	for _, r := range ep.Routes {
		if _, err := netip.ParsePrefix(r.DestinationPrefix); err != nil {
			return bad("Routes.DestinationPrefix", r.DestinationPrefix, "not an address prefix")
		}
		if r.NextHop == "" {
			continue
		}
		if hop, err := netip.ParseAddr(r.NextHop); err != nil || hop.Zone() != "" {
			return bad("Routes.NextHop", r.NextHop, "not an IP address without zone")
		}
	}
	return nil
}

func checkResolver(ep *hcnmodel.Endpoint, bad badField) error {
	d := ep.Dns
	if len(d.ServerList) > maxResolverEntries || len(d.Search) > maxResolverEntries || len(d.Options) > maxResolverEntries {
		return bad("Dns", fmt.Sprintf("%d servers, %d search, %d options", len(d.ServerList), len(d.Search), len(d.Options)), "too many entries")
	}
	for _, s := range d.ServerList {
		if a, err := netip.ParseAddr(s); err != nil || a.Zone() != "" {
			return bad("Dns.ServerList", s, "not an IP address without zone")
		}
	}
	names := append([]string{d.Domain}, d.Search...)
	for i, name := range names {
		if i == 0 && name == "" {
			continue // no domain
		}
		if name == "" || strings.ContainsFunc(name, func(r rune) bool {
			return r == ',' || unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII
		}) {
			return bad("Dns", name, "not a DNS name the guest's resolver list can carry")
		}
	}
	for _, o := range d.Options {
		if o == "" || strings.ContainsFunc(o, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			return bad("Dns.Options", o, "not a resolver option")
		}
	}
	return nil
}

// checkPolicies decodes the encapsulation overhead policy, which a Linux
// guest subtracts from its MTU.
func checkPolicies(ep *hcnmodel.Endpoint, bad badField) error {
	for _, p := range ep.Policies {
		if p.Type != hcnmodel.EncapOverhead {
			continue
		}
		var s struct{ Overhead uint16 }
		if err := json.Unmarshal(p.Settings, &s); err != nil || s.Overhead > 1500-68 {
			return bad("Policies.EncapOverhead", string(p.Settings), "not an overhead below the MTU")
		}
	}
	return nil
}
