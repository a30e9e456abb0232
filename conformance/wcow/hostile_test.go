package wcow

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/othernet"
	"github.com/uvmnet/uvmnet/conformance/internal/othernetbind"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
)

// The Contract judges hostile input by its consequences: othernet with
// its trust in HCN's namespace document planted adds another pod's
// namespace to the guest, which the Contract names; without the bug the
// same scenario passes, and so does uvmnet's controller, which refuses the
// document first.
func TestHostileInputConsequenceCaughtInOtherNet(t *testing.T) {
	match := regexp.MustCompile(`^c1/input/hostile/namespace-document-of-another/`)
	for name, b := range map[string]Pair{
		"othernet": PairAnswering(othernetbind.Platform(Platform()), othernetbind.Subject[Guest](), simworld.Strict),
		"uvmnet":   UvmnetPair(),
	} {
		rep, err := b.Check(conformance.Suite{Seed: 1, Match: match})
		require.NoError(t, err)
		require.NotEmpty(t, rep.Results)
		for _, res := range rep.Results {
			assert.True(t, res.Passed(), "%s %s: %q", name, res.Name(), res.Failures)
		}
	}
	rep, err := PairAnswering(othernetbind.Platform(Platform()), othernetbind.Planted[Guest](othernet.BugTrustsNamespaceDocument), simworld.Strict).Check(conformance.Suite{Seed: 1, Match: match})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Results)
	for _, res := range rep.Results {
		require.True(t, res.Failed(), "%s passed the planted bug", res.Name())
		assert.True(t, strings.Contains(res.Failures[0], "guest.AddNamespace") && strings.Contains(res.Failures[0], "another pod's"), "%s: %q", res.Name(), res.Failures)
	}
}
