package netcore

import (
	"strings"
	"testing"

	"github.com/Microsoft/go-winio/pkg/guid"
)

// TestRandomNICID checks the IDs Setup gives NICs by default: canonical
// lower-case GUIDs (what HCS writes back), version 4, and fresh each time.
func TestRandomNICID(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id, err := randomNICID()
		if err != nil {
			t.Fatal(err)
		}
		g, err := guid.FromString(id)
		if err != nil {
			t.Fatalf("randomNICID() = %q: not a GUID: %v", id, err)
		}
		if id != strings.ToLower(g.String()) || len(id) != 36 {
			t.Fatalf("randomNICID() = %q, not the canonical lower-case form %q", id, g.String())
		}
		if v := g.Version(); v != 4 {
			t.Fatalf("randomNICID() = %q is a version %d GUID, want 4", id, v)
		}
		if seen[id] {
			t.Fatalf("randomNICID() returned %q twice", id)
		}
		seen[id] = true
	}
}

func TestParseMAC(t *testing.T) {
	want := [6]byte{0x00, 0x15, 0x5d, 0xaa, 0xbb, 0xcc}
	for _, s := range []string{"00-15-5D-AA-BB-CC", "00:15:5d:aa:bb:cc", "0015.5daa.bbcc"} {
		got, reason := parseMAC(s)
		if reason != "" || got != want {
			t.Errorf("parseMAC(%q) = %x, %q", s, got, reason)
		}
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
		if _, got := parseMAC(s); got != reason {
			t.Errorf("parseMAC(%q) reason = %q, want %q", s, got, reason)
		}
	}
	a, _ := parseMAC("00-15-5D-AA-BB-CC")
	b, _ := parseMAC("0015.5daa.bbcc")
	c, _ := parseMAC("00-15-5D-AA-BB-CD")
	if a != b || a == c {
		t.Error("parseMAC yields addresses, not spellings")
	}
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
		if got := dnsNameProblem(name); got != want {
			t.Errorf("dnsNameProblem(%q) = %q, want %q", name, got, want)
		}
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
		if got := dnsOptionProblem(opt); got != want {
			t.Errorf("dnsOptionProblem(%q) = %q, want %q", opt, got, want)
		}
	}
}
