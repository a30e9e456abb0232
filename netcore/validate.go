package netcore

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// errNotFound classes a host read that returned nothing without an error.
var errNotFound = errdefs.ErrNotFound

// maxEncapOverhead bounds the encapsulation overhead a policy may claim: the
// guest subtracts it from a 1500-byte MTU, and what remains must still carry
// an IPv4 packet (minimum MTU 68).
const maxEncapOverhead = 1500 - 68

// invalidField is the one shape of every validation error: which object,
// which field, which value, and why, classed as an invalid argument.
func invalidField(object, field, value, reason string) error {
	return fmt.Errorf("%s: field %s: invalid value %q: %s: %w", object, field, value, reason, errdefs.ErrInvalidArgument)
}

// validateNamespaceID checks that id names a namespace: a GUID.
func validateNamespaceID(field, id string) error {
	if !isGUID(id) {
		return invalidField("network namespace", field, id, "not a GUID")
	}
	return nil
}

// ValidateEndpoints applies the checks Setup makes before its first call to
// every endpoint of a namespace: IDs are GUIDs and unique, each endpoint
// belongs to namespaceID, MACs parse and are unique, addresses, prefixes,
// routes and DNS servers parse, DNS names cannot corrupt the guest's
// resolver configuration, and the encap overhead policy decodes within
// bounds. The error is an invalid argument naming the endpoint, the field
// and the value. A shim may call it to reject a bad CNI result early.
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
	for i, ep := range endpoints {
		if err := validateEndpoint(namespaceID, ids[i], ep); err != nil {
			return err
		}
		// A namespace holds a handful of endpoints: comparing each with
		// those before it costs less than building maps.
		for _, prev := range endpoints[:i] {
			if sameGUID(prev.Id, ep.Id) {
				return invalidField("endpoint "+ep.Id, "ID", ep.Id, "listed twice in the namespace (first as "+prev.Id+")")
			}
			if sameMAC(prev.MacAddress, ep.MacAddress) {
				return invalidField("endpoint "+ep.Id, "MacAddress", ep.MacAddress, "same MAC as endpoint "+prev.Id)
			}
		}
	}
	return nil
}

// validateEndpoint checks one endpoint's fields that reach the VM or the
// guest. listedID is the ID under which HCN listed it.
func validateEndpoint(namespaceID, listedID string, ep *hcnmodel.Endpoint) error {
	obj := "endpoint " + ep.Id
	if !isGUID(ep.Id) {
		return invalidField(obj, "ID", ep.Id, "not a GUID")
	}
	if !strings.EqualFold(ep.Id, listedID) {
		return invalidField(obj, "ID", ep.Id, "host returned it when asked for endpoint "+listedID)
	}
	if ep.HostComputeNamespace != "" && !sameGUID(ep.HostComputeNamespace, namespaceID) {
		return invalidField(obj, "HostComputeNamespace", ep.HostComputeNamespace, "endpoint belongs to another namespace than "+namespaceID)
	}
	if _, reason := parseMAC(ep.MacAddress); reason != "" {
		return invalidField(obj, "MacAddress", ep.MacAddress, reason)
	}
	for i, ipc := range ep.IpConfigurations {
		addr, err := netip.ParseAddr(ipc.IpAddress)
		if err != nil {
			return invalidField(obj, fmt.Sprintf("IpConfigurations[%d].IpAddress", i), ipc.IpAddress, "not an IP address")
		}
		if int(ipc.PrefixLength) > addr.BitLen() {
			return invalidField(obj, fmt.Sprintf("IpConfigurations[%d].PrefixLength", i), fmt.Sprint(ipc.PrefixLength), fmt.Sprintf("longer than the %d bits of %s", addr.BitLen(), ipc.IpAddress))
		}
	}
	for i, r := range ep.Routes {
		if _, err := netip.ParsePrefix(r.DestinationPrefix); err != nil {
			return invalidField(obj, fmt.Sprintf("Routes[%d].DestinationPrefix", i), r.DestinationPrefix, "not an IP prefix")
		}
		if r.NextHop != "" {
			if _, err := netip.ParseAddr(r.NextHop); err != nil {
				return invalidField(obj, fmt.Sprintf("Routes[%d].NextHop", i), r.NextHop, "not an IP address")
			}
		}
	}
	for i, s := range ep.Dns.ServerList {
		if _, err := netip.ParseAddr(s); err != nil {
			return invalidField(obj, fmt.Sprintf("Dns.ServerList[%d]", i), s, "not an IP address")
		}
	}
	if ep.Dns.Domain != "" {
		if reason := dnsNameProblem(ep.Dns.Domain); reason != "" {
			return invalidField(obj, "Dns.Domain", ep.Dns.Domain, reason)
		}
	}
	for i, s := range ep.Dns.Search {
		if reason := dnsNameProblem(s); reason != "" {
			return invalidField(obj, fmt.Sprintf("Dns.Search[%d]", i), s, reason)
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

// isGUID reports whether s is a GUID in the form HCN and HCS use for IDs.
func isGUID(s string) bool {
	_, err := guid.FromString(s)
	return err == nil
}

func sameGUID(a, b string) bool {
	ga, errA := guid.FromString(a)
	gb, errB := guid.FromString(b)
	return errA == nil && errB == nil && ga == gb
}

// parseMAC accepts the 48-bit forms HCN and people write: dashes (HCN's
// own) or colons between six hex pairs, or dots between three groups of
// four. It returns why s is not a MAC, or "". It does not allocate: it runs
// for every endpoint of every Setup.
func parseMAC(s string) (mac [6]byte, reason string) {
	if s == "" {
		return mac, "empty"
	}
	switch len(s) {
	case 17: // xx-xx-xx-xx-xx-xx or xx:xx:xx:xx:xx:xx
		sep := s[2]
		if sep != '-' && sep != ':' {
			return mac, "not a MAC address"
		}
		for i := range 6 {
			if i > 0 && s[3*i-1] != sep {
				return mac, "not a MAC address"
			}
			hi, ok1 := hexValue(s[3*i])
			lo, ok2 := hexValue(s[3*i+1])
			if !ok1 || !ok2 {
				return mac, "not a MAC address"
			}
			mac[i] = hi<<4 | lo
		}
		return mac, ""
	case 14: // xxxx.xxxx.xxxx
		for i := range 6 {
			off := i*2 + i/2
			if i%2 == 0 && i > 0 && s[off-1] != '.' {
				return mac, "not a MAC address"
			}
			hi, ok1 := hexValue(s[off])
			lo, ok2 := hexValue(s[off+1])
			if !ok1 || !ok2 {
				return mac, "not a MAC address"
			}
			mac[i] = hi<<4 | lo
		}
		return mac, ""
	}
	return mac, "not a 48-bit MAC address"
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// sameMAC reports whether a and b are the same address however written.
func sameMAC(a, b string) bool {
	ma, ra := parseMAC(a)
	mb, rb := parseMAC(b)
	return ra == "" && rb == "" && ma == mb
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
