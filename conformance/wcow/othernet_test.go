package wcow

import (
	"testing"

	"github.com/uvmnet/uvmnet/conformance/internal/othernetbind"
)

// TestSuiteIsNeutralToOtherNet runs the Contract profile over othernet, a
// controller written apart from netcore's and unlike it, under each
// answer of the Windows guest agent: it must pass, every scenario it
// lacks the capabilities for not applicable.
func TestSuiteIsNeutralToOtherNet(t *testing.T) {
	for _, a := range Answers {
		b := PairAnswering(othernetbind.Platform(Platform()), othernetbind.Subject[Guest](), a)
		t.Run(b.Name, func(t *testing.T) {
			passed, na := othernetbind.CheckNeutral(t, b.Bind())
			t.Logf("%s: %d results passed, none failed, %d not applicable", b.Name, passed, na)
		})
	}
}
