package netlcow

import (
	"context"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// NewGuestSteps returns the Linux guest steps of the pod network lifecycle,
// driving guest: what a shim passes as netcore.Config.Guest and to
// Controller.Resume. For a nil guest it returns nil, and steps over a
// guest manager that reports a missing transport report it too: the
// controller refuses either when it is built.
//
// On a Linux guest the pause container owns the pod's network namespace, so
// no namespace is added to the guest and no NIC is announced before its
// hot-add. After the hot-add, and only when the guest accepts namespace add
// requests, the NIC is configured from its endpoint ([BuildAdapter]);
// removal mirrors that.
//
// The steps hold no state: they are safe for concurrent use when guest is.
func NewGuestSteps(guest GuestNetworkManager) netcore.GuestSteps {
	if guest == nil {
		return nil
	}
	return guestSteps{guest: guest}
}

// guestSteps is the netcore.GuestSteps of Linux guests.
type guestSteps struct {
	guest GuestNetworkManager
}

var _ netcore.GuestSteps = guestSteps{}

// UsesGuestNamespace is always false: the guest's pause container creates
// and owns the network namespace.
func (guestSteps) UsesGuestNamespace(netcore.PodNetwork) bool { return false }

// AddNamespace has nothing to do on a Linux guest.
func (guestSteps) AddNamespace(context.Context, netcore.PodNetwork, *hcnmodel.Namespace) error {
	return nil
}

// RemoveNamespace has nothing to do on a Linux guest: the namespace goes
// away with the pause container.
func (guestSteps) RemoveNamespace(context.Context, netcore.PodNetwork, *hcnmodel.Namespace) error {
	return nil
}

// PreparesNIC is always false: the guest learns of a NIC only after its
// hot-add.
func (guestSteps) PreparesNIC(netcore.PodNetwork) bool { return false }

// PrepareNIC has nothing to do on a Linux guest.
func (guestSteps) PrepareNIC(context.Context, netcore.PodNetwork, netcore.NICInfo) error {
	return nil
}

// ConfigureNIC sends the NIC's adapter document to the guest, when the guest
// supports it.
func (p guestSteps) ConfigureNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	if !pod.GuestNamespaceSupported {
		return nil
	}
	adapter, err := BuildAdapter(pod.NamespaceID, nic.ID, nic.Endpoint, pod.PolicyBasedRouting)
	if err != nil {
		return fmt.Errorf("configure NIC %s (endpoint %s) in guest: %w", nic.ID, endpointID(nic.Endpoint), err)
	}
	if err := p.guest.AddNetworkInterface(ctx, adapter); err != nil {
		return fmt.Errorf("configure NIC %s (endpoint %s) in guest: %w", nic.ID, endpointID(nic.Endpoint), p.forgetRefused(ctx, pod, nic, err))
	}
	return nil
}

// RemoveNIC asks the guest to remove the NIC, when the guest supports it
// (otherwise the NIC was never configured there).
func (p guestSteps) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	if !pod.GuestNamespaceSupported {
		return nil
	}
	if err := p.guest.RemoveNetworkInterface(ctx, &Adapter{NamespaceID: pod.NamespaceID, ID: nic.ID}); err != nil {
		return fmt.Errorf("remove NIC %s (endpoint %s) from guest: %w", nic.ID, endpointID(nic.Endpoint), err)
	}
	return nil
}

// endpointID names an endpoint in an error, nil included.
func endpointID(ep *hcnmodel.Endpoint) string {
	if ep == nil {
		return "<none>"
	}
	return ep.Id
}
