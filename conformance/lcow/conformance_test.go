package lcow_test

import (
	"testing"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
)

func TestConformance(t *testing.T) {
	conformance.Run(t, lcow.Binding())
}
