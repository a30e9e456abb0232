package hcnschema_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// hcsshimRequire finds the hcsshim require of a go.mod.
var hcsshimRequire = regexp.MustCompile(`(?m)^\s*(?:require\s+)?github\.com/Microsoft/hcsshim\s+(v\S+)`)

// TestSameHCSShimAsHCNHost holds this module to the hcsshim version the
// hcnhost module requires: the parity check is only worth something for
// the schema hcnhost's converters see. Importing hcnhost keeps this module
// at least at that version; this test also fails when hcnhost moves to an
// older hcsshim and this module is left ahead.
func TestSameHCSShimAsHCNHost(t *testing.T) {
	own := hcsshimVersion(t, "go.mod")
	host := hcsshimVersion(t, filepath.Join("..", "..", "hcnhost", "go.mod"))
	if own != host {
		t.Errorf("checks/hcnschema requires hcsshim %s, hcnhost %s: set this module's require to hcnhost's", own, host)
	}
}

func hcsshimVersion(t *testing.T, gomod string) string {
	t.Helper()
	data, err := os.ReadFile(gomod)
	if os.IsNotExist(err) {
		t.Skipf("not in the repository layout: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	m := hcsshimRequire.FindSubmatch(data)
	if m == nil {
		t.Fatalf("%s does not require github.com/Microsoft/hcsshim", gomod)
	}
	return string(m[1])
}
