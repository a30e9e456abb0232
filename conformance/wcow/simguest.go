package wcow

import (
	"context"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netwcow"
)

// simGuest is a Windows guest agent over the simulator: the namespace
// requests and the three NIC phases become the simulated guest's steps,
// and a request with the wrong phase or payload is refused as the guest
// agent would.
type simGuest struct{ g *conformance.SimGuest }

var _ netwcow.GuestNetworkManager = simGuest{}

func (s simGuest) AddNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return s.g.AddNamespace(ctx, ns)
}

func (s simGuest) RemoveNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return s.g.RemoveNamespace(ctx, ns)
}

func (s simGuest) AddNetworkInterface(ctx context.Context, adapterID string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	switch {
	case rt == netwcow.RequestTypePreAdd && ep != nil:
		return s.g.PrepareNIC(ctx, adapterID, ep)
	case rt == netwcow.RequestTypeAdd && ep == nil:
		return s.g.ConfigureNIC(ctx, adapterID, "")
	}
	return s.g.Reject("wcow AddNetworkInterface %s: request type %q with endpoint %v", adapterID, rt, ep != nil)
}

func (s simGuest) RemoveNetworkInterface(ctx context.Context, adapterID string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	if rt != netwcow.RequestTypeRemove || ep != nil {
		return s.g.Reject("wcow RemoveNetworkInterface %s: request type %q with endpoint %v", adapterID, rt, ep != nil)
	}
	return s.g.RemoveNIC(ctx, adapterID)
}
