package lcow

import (
	"context"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netlcow"
)

// simGuest is a Linux guest agent over the simulator: each adapter
// document becomes the simulated guest's configure or remove step.
type simGuest struct{ g *conformance.SimGuest }

var _ netlcow.GuestNetworkManager = simGuest{}

func (s simGuest) AddNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if a == nil || a.ID == "" || a.NamespaceID == "" || a.MacAddress == "" {
		return s.g.Reject("lcow AddNetworkInterface: adapter %+v lacks its NIC ID, namespace or MAC", a)
	}
	return s.g.ConfigureNIC(ctx, a.ID, a.MacAddress)
}

func (s simGuest) RemoveNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if a == nil || a.ID == "" || a.NamespaceID == "" {
		return s.g.Reject("lcow RemoveNetworkInterface: adapter %+v lacks its NIC ID or namespace", a)
	}
	return s.g.RemoveNIC(ctx, a.ID)
}
