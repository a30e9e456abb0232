package main

import (
	"testing"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
)

func TestPodNetworkConformance(t *testing.T) {
	conformance.Run(t, lcow.Binding())
}
