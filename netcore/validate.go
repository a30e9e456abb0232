package netcore

import (
	"encoding/json"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"unicode/utf8"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// maxEncapOverhead bounds the encapsulation overhead a policy may claim: the
// guest subtracts it from a 1500-byte MTU, and what remains must still carry
// an IPv4 packet (minimum MTU 68).
const maxEncapOverhead = 1500 - 68

// invalidField is the one shape of every validation error: which object,
// which field, which value, and why, classed as an invalid argument.
// The value is quoted, and cut to maxQuotedValue bytes: it may come from
// a file or a snapshot of any size, and a log line must stay a line.
func invalidField(object, field, value, reason string) error {
	return fmt.Errorf("%s: field %s: invalid value %s: %s: %w", object, field, quoteValue(value), reason, errdefs.ErrInvalidArgument)
}

// maxQuotedValue bounds how much of a bad value an error quotes; every
// valid value of every field fits.
const maxQuotedValue = 256

// quoteValue quotes v, cut to maxQuotedValue bytes with its length said.
func quoteValue(v string) string {
	if len(v) <= maxQuotedValue {
		return fmt.Sprintf("%q", v)
	}
	cut := maxQuotedValue
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return fmt.Sprintf("%q... (%d bytes)", v[:cut], len(v))
}

// validateNamespaceID checks that id names a namespace: a GUID.
func validateNamespaceID(field, id string) error {
	if !isGUID(id) {
		return invalidField("network namespace", field, id, "not a GUID")
	}
	return nil
}

// Bounds on one endpoint's resolver configuration. Every entry reaches the
// guest, which writes them into its resolver configuration; the bounds keep
// a runaway or hostile CNI result from making that document unbounded,
// while staying far above what any real network hands out.
const (
	// MaxDNSServers bounds Dns.ServerList. Linux resolvers read only the
	// first three name servers (glibc's and musl's MAXNS) and Kubernetes
	// passes at most three; 32 leaves room for any Windows configuration.
	MaxDNSServers = 32
	// MaxDNSSearch bounds Dns.Search. It is Kubernetes' own limit on
	// search paths, so any pod Kubernetes accepts passes.
	MaxDNSSearch = 32
	// MaxDNSOptions bounds Dns.Options. resolv.conf knows about twenty
	// options; a list longer than this is not a configuration.
	MaxDNSOptions = 32
	// maxDNSOptionLen bounds one option: the longest real ones
	// ("no-reload", "trust-ad", "ndots:15") are a few characters.
	maxDNSOptionLen = 64
)

// Bounds on one endpoint's addressing, routing and policies. The guest
// applies each entry (an address, a route, an encap setting), and a
// Windows guest receives the whole endpoint document at pre-add, so these
// bound the work and the documents a hostile or runaway CNI result can
// cause, while staying above what real networks configure.
const (
	// MaxIPConfigurations bounds IpConfigurations. A NIC usually carries
	// one address per IP family; cloud NICs with secondary addresses
	// allow up to 256 per NIC (Azure's limit), which passes.
	MaxIPConfigurations = 256
	// MaxRoutes bounds Routes. CNI results carry a handful of routes; a
	// pod with a static route per peer subnet stays far below this.
	MaxRoutes = 1024
	// MaxPolicies bounds Policies. Network-policy plugins may express
	// each rule as an ACL policy on the endpoint, so the bound is
	// generous: a few thousand rules per pod.
	MaxPolicies = 4096
)

// ValidateEndpoints applies the checks Setup makes before its first call to
// every endpoint of a namespace: IDs are GUIDs and unique, each endpoint
// belongs to namespaceID, MACs are unique 48-bit unicast addresses,
// addresses, prefixes and routes parse and carry no IPv6 zone, DNS
// servers parse (a zone of letters, digits, '.', '_' and '-' allowed),
// DNS names and options cannot corrupt the guest's resolver configuration,
// the counts of addresses, routes, policies and DNS entries are within
// [MaxIPConfigurations], [MaxRoutes], [MaxPolicies], [MaxDNSServers],
// [MaxDNSSearch] and [MaxDNSOptions], and the encap overhead policy
// decodes within bounds.
// The error is an invalid argument naming the endpoint, the field and the
// value. A shim may call it to reject a bad CNI result early.
func ValidateEndpoints(namespaceID string, endpoints []*hcnmodel.Endpoint) error {
	ids := make([]string, len(endpoints))
	for i, ep := range endpoints {
		if ep == nil {
			return fmt.Errorf("endpoint %d is nil: %w", i, errdefs.ErrInvalidArgument)
		}
		ids[i] = ep.Id
	}
	return validateEndpoints(namespaceID, ids, endpoints)
}

// validateEndpoints checks every endpoint before Setup makes its first
// change, so a bad document fails Setup with nothing to undo. ids are the
// IDs HCN listed, in the same order as endpoints.
func validateEndpoints(namespaceID string, ids []string, endpoints []*hcnmodel.Endpoint) error {
	// Each ID and MAC is parsed once and looked up by its canonical value,
	// so the check grows linearly with the endpoints and two spellings of
	// one GUID or one MAC are caught.
	ns, nsErr := guid.FromString(namespaceID)
	nsOK := nsErr == nil
	firstID := make(map[guid.GUID]string, len(endpoints))
	firstMAC := make(map[[6]byte]string, len(endpoints))
	for i, ep := range endpoints {
		id, mac, err := validateEndpoint(ns, nsOK, namespaceID, ids[i], ep)
		if err != nil {
			return err
		}
		if prev, dup := firstID[id]; dup {
			return invalidField("endpoint "+ep.Id, "ID", ep.Id, "listed twice in the namespace (first as "+prev+")")
		}
		firstID[id] = ep.Id
		if prev, dup := firstMAC[mac]; dup {
			return invalidField("endpoint "+ep.Id, "MacAddress", ep.MacAddress, "same MAC as endpoint "+prev)
		}
		firstMAC[mac] = ep.Id
	}
	return nil
}

// validateEndpoint checks one endpoint's fields that reach the VM or the
// guest, and returns its parsed ID and MAC. listedID is the ID under which
// HCN listed it; ns is namespaceID parsed, valid when nsOK.
func validateEndpoint(ns guid.GUID, nsOK bool, namespaceID, listedID string, ep *hcnmodel.Endpoint) (guid.GUID, [6]byte, error) {
	obj := "endpoint " + ep.Id
	id, err := guid.FromString(ep.Id)
	if err != nil {
		return id, [6]byte{}, invalidField(obj, "ID", ep.Id, "not a GUID")
	}
	if !strings.EqualFold(ep.Id, listedID) {
		return id, [6]byte{}, invalidField(obj, "ID", ep.Id, "host returned it when asked for endpoint "+listedID)
	}
	if ep.HostComputeNamespace != "" {
		if epNS, err := guid.FromString(ep.HostComputeNamespace); err != nil || !nsOK || epNS != ns {
			return id, [6]byte{}, invalidField(obj, "HostComputeNamespace", ep.HostComputeNamespace, "endpoint belongs to another namespace than "+namespaceID)
		}
	}
	mac, reason := parseMAC(ep.MacAddress)
	if reason != "" {
		return id, mac, invalidField(obj, "MacAddress", ep.MacAddress, reason)
	}
	return id, mac, validateEndpointConfig(obj, ep)
}

// validateEndpointConfig checks the addressing, routing, resolver and
// policy fields of ep, which the guest applies. obj names the endpoint.
func validateEndpointConfig(obj string, ep *hcnmodel.Endpoint) error {
	if err := validateCounts(obj, ep); err != nil {
		return err
	}
	for i, ipc := range ep.IpConfigurations {
		addr, reason := parseIP(ipc.IpAddress)
		if reason != "" {
			return invalidField(obj, fmt.Sprintf("IpConfigurations[%d].IpAddress", i), ipc.IpAddress, reason)
		}
		if int(ipc.PrefixLength) > addr.BitLen() {
			return invalidField(obj, fmt.Sprintf("IpConfigurations[%d].PrefixLength", i), fmt.Sprint(ipc.PrefixLength), fmt.Sprintf("longer than the %d bits of %s", addr.BitLen(), ipc.IpAddress))
		}
	}
	for i, r := range ep.Routes {
		if _, err := netip.ParsePrefix(r.DestinationPrefix); err != nil {
			reason := "not an IP prefix"
			if strings.Contains(r.DestinationPrefix, "%") {
				reason = zoneReason
			}
			return invalidField(obj, fmt.Sprintf("Routes[%d].DestinationPrefix", i), r.DestinationPrefix, reason)
		}
		if r.NextHop != "" {
			if _, reason := parseIP(r.NextHop); reason != "" {
				return invalidField(obj, fmt.Sprintf("Routes[%d].NextHop", i), r.NextHop, reason)
			}
		}
	}
	d := ep.Dns
	for i, s := range d.ServerList {
		if reason := dnsServerProblem(s); reason != "" {
			return invalidField(obj, fmt.Sprintf("Dns.ServerList[%d]", i), s, reason)
		}
	}
	if d.Domain != "" {
		if reason := dnsNameProblem(d.Domain); reason != "" {
			return invalidField(obj, "Dns.Domain", d.Domain, reason)
		}
	}
	for i, s := range d.Search {
		if reason := dnsNameProblem(s); reason != "" {
			return invalidField(obj, fmt.Sprintf("Dns.Search[%d]", i), s, reason)
		}
	}
	for i, o := range d.Options {
		if reason := dnsOptionProblem(o); reason != "" {
			return invalidField(obj, fmt.Sprintf("Dns.Options[%d]", i), o, reason)
		}
	}
	for i, p := range ep.Policies {
		if p.Type != hcnmodel.EncapOverhead {
			continue
		}
		field := fmt.Sprintf("Policies[%d].Settings", i)
		var s hcnmodel.EncapOverheadEndpointPolicySetting
		if err := json.Unmarshal(p.Settings, &s); err != nil {
			return invalidField(obj, field, string(p.Settings), "not an encap overhead setting")
		}
		if s.Overhead > maxEncapOverhead {
			return invalidField(obj, field+".Overhead", fmt.Sprint(s.Overhead), fmt.Sprintf("more than %d", maxEncapOverhead))
		}
	}
	return nil
}

// validateCounts bounds the lists of ep that the guest applies entry by
// entry, before any entry is parsed: a hostile list costs one comparison.
func validateCounts(obj string, ep *hcnmodel.Endpoint) error {
	counts := []struct {
		field string
		n     int
		unit  string
		max   int
	}{
		{"IpConfigurations", len(ep.IpConfigurations), "addresses", MaxIPConfigurations},
		{"Routes", len(ep.Routes), "routes", MaxRoutes},
		{"Policies", len(ep.Policies), "policies", MaxPolicies},
		{"Dns.ServerList", len(ep.Dns.ServerList), "servers", MaxDNSServers},
		{"Dns.Search", len(ep.Dns.Search), "domains", MaxDNSSearch},
		{"Dns.Options", len(ep.Dns.Options), "options", MaxDNSOptions},
	}
	for _, c := range counts {
		if c.n > c.max {
			return invalidField(obj, c.field, fmt.Sprintf("%d %s", c.n, c.unit), fmt.Sprintf("more than %d", c.max))
		}
	}
	return nil
}

// zoneReason rejects an IPv6 zone ("fe80::1%eth0"): the zone names an
// interface of the host that wrote it, which means nothing in the guest.
const zoneReason = "IPv6 zone not allowed"

// parseIP parses s as an address the guest can use: an IP address without
// a zone. It returns why s is not one, or "".
func parseIP(s string) (netip.Addr, string) {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return addr, "not an IP address"
	}
	if addr.Zone() != "" {
		return addr, zoneReason
	}
	return addr, ""
}

// isGUID reports whether s is a GUID in the form HCN and HCS use for IDs.
func isGUID(s string) bool {
	_, err := guid.FromString(s)
	return err == nil
}

// broadcastMAC is FF-FF-FF-FF-FF-FF.
var broadcastMAC = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// parseMAC parses s as the address of one NIC and returns its six bytes, or
// why s is not one. The forms accepted are the 48-bit ones net.ParseMAC
// reads: HCN's own dashes (00-15-5D-01-02-03), colons, or dots between
// three groups of four. A NIC's address is unicast and neither all zeros
// nor broadcast: the VM would refuse it, or the guest's NIC would answer
// for every host on the segment.
func parseMAC(s string) (mac [6]byte, reason string) {
	if s == "" {
		return mac, "empty"
	}
	hw, err := net.ParseMAC(s)
	if err != nil {
		return mac, "not a MAC address"
	}
	if len(hw) != len(mac) {
		return mac, "not a 48-bit MAC address"
	}
	copy(mac[:], hw)
	switch {
	case mac == [6]byte{}:
		return mac, "all-zero MAC address"
	case mac == broadcastMAC:
		return mac, "broadcast MAC address"
	case mac[0]&1 != 0:
		return mac, "multicast MAC address (low bit of the first octet set)"
	}
	return mac, ""
}

// dnsOptionProblem says what is wrong with a resolver option, or returns
// "". Options are written space-separated on one resolv.conf line and
// carried comma-joined by HCN, so an option is one token of visible ASCII
// without a comma; anything else would split it or start a new line.
func dnsOptionProblem(o string) string {
	if o == "" {
		return "empty DNS option"
	}
	if len(o) > maxDNSOptionLen {
		return fmt.Sprintf("DNS option longer than %d characters", maxDNSOptionLen)
	}
	for _, r := range o {
		if r <= ' ' || r > '~' || r == ',' {
			return fmt.Sprintf("character %q not allowed in a DNS option", r)
		}
	}
	return ""
}

// dnsNameProblem says what is wrong with a DNS domain or search entry, or
// returns "". The guest joins these with commas into one resolver line, so
// a comma, space or control character would corrupt its configuration.
func dnsNameProblem(name string) string {
	n := strings.TrimSuffix(name, ".")
	if n == "" {
		return "empty DNS name"
	}
	if len(n) > 253 {
		return "DNS name longer than 253 characters"
	}
	for more := true; more; {
		var label string
		label, n, more = strings.Cut(n, ".")
		if label == "" {
			return "empty DNS label"
		}
		if len(label) > 63 {
			return "DNS label longer than 63 characters"
		}
		for _, r := range label {
			if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return fmt.Sprintf("character %q not allowed in a DNS name", r)
			}
		}
	}
	return ""
}
