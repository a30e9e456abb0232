package netcore

import (
	"testing"

	"github.com/Microsoft/go-winio/pkg/guid"
)

func TestFormatGUIDMatchesGUIDPackage(t *testing.T) {
	for range 100 {
		g, err := guid.NewV4()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := formatGUID(g), g.String(); got != want {
			t.Fatalf("formatGUID = %s, want %s", got, want)
		}
	}
	id, err := randomNICID()
	if err != nil || !isGUID(id) {
		t.Fatalf("randomNICID() = %q, %v", id, err)
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
		"":                     "empty",
		"00-15-5D-AA-BB":       "not a MAC address",
		"00-15-5D-AA-BB-CC-DD": "not a 48-bit MAC address",
		"00-15:5D-AA-BB-CC":    "not a MAC address",
		"00-15-5D-AA-BB-CG":    "not a MAC address",
		"0015.5daa-bbcc":       "not a MAC address",
		"00_15_5D_AA_BB_CC":    "not a MAC address",
	} {
		if _, got := parseMAC(s); got != reason {
			t.Errorf("parseMAC(%q) reason = %q, want %q", s, got, reason)
		}
	}
	if !sameMAC("00-15-5D-AA-BB-CC", "0015.5daa.bbcc") || sameMAC("00-15-5D-AA-BB-CC", "00-15-5D-AA-BB-CD") {
		t.Error("sameMAC compares addresses, not spellings")
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
