package lcow

import (
	"testing"

	"github.com/uvmnet/uvmnet/conformance/internal/othernetbind"
)

// otherNetBinding is the Linux binding with othernet as its controller.
func otherNetBinding() Pair {
	return Pair{othernetbind.Platform(Platform()), othernetbind.Subject[Guest]()}
}

// TestSuiteIsNeutralToOtherNet runs the Contract profile over othernet, a
// controller written apart from netcore's and unlike it: it must pass,
// every scenario it lacks the capabilities for not applicable.
func TestSuiteIsNeutralToOtherNet(t *testing.T) {
	passed, na := othernetbind.CheckNeutral(t, otherNetBinding().Bind())
	t.Logf("othernet on Linux guests: %d results passed, none failed, %d not applicable", passed, na)
}
