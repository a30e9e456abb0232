package hcnschema_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	assert.Equal(t, host, own, "checks/hcnschema must require hcnhost's hcsshim: set this module's require to hcnhost's")
}

func hcsshimVersion(t *testing.T, gomod string) string {
	t.Helper()
	data, err := os.ReadFile(gomod)
	if os.IsNotExist(err) {
		t.Skipf("not in the repository layout: %v", err)
	}
	require.NoError(t, err)
	m := hcsshimRequire.FindSubmatch(data)
	require.NotNil(t, m, "%s does not require github.com/Microsoft/hcsshim", gomod)
	return string(m[1])
}
