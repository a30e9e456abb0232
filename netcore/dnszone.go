package netcore

import "net/netip"

// dnsServerProblem says why s cannot be a DNS server of an endpoint, or
// "". Unlike an address or a next hop, a DNS server may carry an IPv6
// zone ("fe80::1%Ethernet"): hcsshim lower-cases it and passes it on, and
// hcsshim v0.15.0's Linux guest agent starts the pod with it (measured by
// uvmnet's checks/realguest), because the agent does not configure the
// network from the server list; it only writes it, joined, into the
// resolver configuration of the pod's containers. So the zone is refused
// only where it would corrupt that: a character other than a letter, a
// digit, '.', '_' or '-' would end the resolver line or split the
// comma-joined list.
func dnsServerProblem(s string) string {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return "not an IP address"
	}
	for _, c := range addr.Zone() {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return "IPv6 zone with a character other than a letter, a digit, '.', '_' or '-'"
		}
	}
	return ""
}
