package wcow_test

import (
	"regexp"
	"testing"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

// reliability names the scenarios that hold the controller to rules it
// does not keep yet (see conformance/reliability.go): they run apart, in
// TestReliability, so that this test tracks the rules it does keep.
var reliability = regexp.MustCompile(`/reliability/`)

// The Windows guest agent is closed source: the suite runs under each of
// its plausible answers, and uvmnet's controller must pass under each.

func TestConformance(t *testing.T) {
	for _, b := range wcow.UvmnetPairs() {
		t.Run(b.Name, func(t *testing.T) {
			conformance.Suite{Skip: reliability, Extensions: true}.Run(t, b.Bind())
		})
	}
}

func TestReliability(t *testing.T) {
	for _, b := range wcow.UvmnetPairs() {
		t.Run(b.Name, func(t *testing.T) {
			conformance.Suite{Match: reliability, Extensions: true}.Run(t, b.Bind())
		})
	}
}
