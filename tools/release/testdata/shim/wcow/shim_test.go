package main

import (
	"testing"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

func TestPodNetworkConformance(t *testing.T) {
	conformance.Run(t, wcow.Binding())
}
