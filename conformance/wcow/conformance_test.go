package wcow_test

import (
	"testing"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, wcow.Binding())
}
