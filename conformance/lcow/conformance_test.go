package lcow_test

import (
	"regexp"
	"testing"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
)

// reliability names the scenarios that hold the controller to rules it
// does not keep yet (see conformance/reliability.go): they run apart, in
// TestReliability, so that this test tracks the rules it does keep.
var reliability = regexp.MustCompile(`/reliability/`)

func TestConformance(t *testing.T) {
	conformance.Suite{Skip: reliability, Extensions: true}.Run(t, conformance.Bind(lcow.Platform(), lcow.Uvmnet()))
}

func TestReliability(t *testing.T) {
	conformance.Suite{Match: reliability, Extensions: true}.Run(t, conformance.Bind(lcow.Platform(), lcow.Uvmnet()))
}
