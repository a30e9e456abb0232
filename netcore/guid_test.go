package netcore

import (
	"strings"
	"testing"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRandomNICID checks the IDs Setup gives NICs by default: canonical
// lower-case GUIDs (what HCS writes back), version 4, and fresh each time.
func TestRandomNICID(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id, err := randomNICID()
		require.NoError(t, err)
		g, err := guid.FromString(id)
		require.NoError(t, err, "randomNICID() = %q: not a GUID", id)
		require.Equal(t, strings.ToLower(g.String()), id, "randomNICID() must return the canonical lower-case form")
		require.Len(t, id, 36)
		require.Equal(t, 4, int(g.Version()), "randomNICID() = %q: GUID version", id)
		require.False(t, seen[id], "randomNICID() returned %q twice", id)
		seen[id] = true
	}
}

func TestParseMAC(t *testing.T) {
	want := [6]byte{0x00, 0x15, 0x5d, 0xaa, 0xbb, 0xcc}
	for _, s := range []string{"00-15-5D-AA-BB-CC", "00:15:5d:aa:bb:cc", "0015.5daa.bbcc"} {
		got, reason := parseMAC(s)
		assert.Empty(t, reason, "parseMAC(%q)", s)
		assert.Equal(t, want, got, "parseMAC(%q)", s)
	}
	for s, reason := range map[string]string{
		"":                        "empty",
		"00-15-5D-AA-BB":          "not a MAC address",
		"00-15-5D-AA-BB-CC-DD":    "not a MAC address",
		"00-15:5D-AA-BB-CC":       "not a MAC address",
		"00-15-5D-AA-BB-CG":       "not a MAC address",
		"0015.5daa-bbcc":          "not a MAC address",
		"00_15_5D_AA_BB_CC":       "not a MAC address",
		"00-15-5D-AA-BB-CC-DD-EE": "not a 48-bit MAC address",
		"00-00-00-00-00-00":       "all-zero MAC address",
		"FF-FF-FF-FF-FF-FF":       "broadcast MAC address",
		"01-00-5E-00-00-01":       "multicast MAC address (low bit of the first octet set)",
		"33:33:00:00:00:01":       "multicast MAC address (low bit of the first octet set)",
	} {
		_, got := parseMAC(s)
		assert.Equal(t, reason, got, "parseMAC(%q) reason", s)
	}
	a, _ := parseMAC("00-15-5D-AA-BB-CC")
	b, _ := parseMAC("0015.5daa.bbcc")
	c, _ := parseMAC("00-15-5D-AA-BB-CD")
	assert.Equal(t, a, b, "parseMAC yields addresses, not spellings")
	assert.NotEqual(t, a, c, "parseMAC yields addresses, not spellings")
}

func TestDNSNameProblem(t *testing.T) {
	for name, want := range map[string]string{
		"svc.cluster.local":  "",
		"svc.cluster.local.": "",
		"_tcp.example":       "",
		"a..b":               "empty DNS label",
		"a..":                "empty DNS label",
		".":                  "empty DNS name",
		"a b":                "character ' ' not allowed in a DNS name",
	} {
		assert.Equal(t, want, dnsNameProblem(name), "dnsNameProblem(%q)", name)
	}
}

func TestDNSOptionProblem(t *testing.T) {
	for opt, want := range map[string]string{
		"ndots:5":                    "",
		"edns0":                      "",
		"trust-ad":                   "",
		"":                           "empty DNS option",
		"ndots:5 rotate":             "character ' ' not allowed in a DNS option",
		"ndots:5,rotate":             "character ',' not allowed in a DNS option",
		"rotate\nnameserver 6.6.6.6": "character '\\n' not allowed in a DNS option",
		"ndots:\u00e9":               "character 'é' not allowed in a DNS option",
		strings.Repeat("a", 65):      "DNS option longer than 64 characters",
	} {
		assert.Equal(t, want, dnsOptionProblem(opt), "dnsOptionProblem(%q)", opt)
	}
}
