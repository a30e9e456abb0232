package othernetbind

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
)

// CheckNeutral runs the Contract profile over b, othernet bound to a
// platform (see Subject), and fails t for every scenario othernet fails: the
// contract is what the real system requires, and othernet, correct but
// unlike uvmnet, keeps it, so any failure is othernet's bug or the suite
// demanding uvmnet's own choices. A scenario may only be not applicable
// for a capability othernet does not declare, or for having nothing to
// check. It returns how many results passed and how many did not apply.
func CheckNeutral(t *testing.T, b conformance.Binding) (passed, notApplicable int) {
	t.Helper()
	reps, err := conformance.Suite{Seed: 1, RandomSteps: 50}.Check(b)
	require.NoError(t, err)
	for _, rep := range reps {
		p, na := checkNeutral(t, rep)
		passed, notApplicable = passed+p, notApplicable+na
	}
	return passed, notApplicable
}

func checkNeutral(t *testing.T, rep conformance.Report) (passed, notApplicable int) {
	t.Helper()
	for _, res := range rep.Results {
		require.Equal(t, conformance.Contract, res.Profile, "%s: the Contract profile alone was asked for", res.Name())
		assert.False(t, res.Failed(), "%s failed a correct controller:\n%s", res.Name(), strings.Join(res.Failures, "\n"))
		for _, declared := range []string{"Capabilities.Migration", "Capabilities.NICIDs"} {
			assert.NotContains(t, res.NotApplicable, declared, "%s: othernet declares it", res.Name())
		}
	}
	require.NotZero(t, rep.Passed())
	return rep.Passed(), rep.NotApplicable()
}
