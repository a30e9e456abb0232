package netcore

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A zone hcsshim passes on, and its Linux guest agent starts the pod with
// (checks/realguest's "DNS server with an IPv6 zone"), is accepted; one
// that would break the resolver line is not.
func TestDNSServerZone(t *testing.T) {
	for _, ok := range []string{"fe80::1%Ethernet", "fe80::1%ethernet", "fe80::53%1", "fe80::1%eth0.100", "fe80::1%v_eth-1", "10.96.0.10", "fd00::a"} {
		assert.Empty(t, dnsServerProblem(ok), ok)
	}
	for _, bad := range []string{"fe80::1%vEthernet (nat)", "fe80::1%a,b", "fe80::1%eth0\nsearch evil", "fe80::1%", "10.0.0.1%eth0", "dns"} {
		assert.NotEmpty(t, dnsServerProblem(bad), bad)
	}
}
