package netwcow

import (
	"context"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// NewGuestSteps returns the Windows guest steps of the pod network lifecycle,
// driving guest: what a shim passes as netcore.Config.Guest and to
// Controller.Resume. For a nil guest it returns nil, and steps over a
// guest manager that reports a missing transport report it too: the
// controller refuses either when it is built.
//
// On a Windows guest the pod's HCN namespace itself is added to the guest
// (when the guest accepts namespace add requests) before any NIC, and each
// NIC goes through three phases: a guest pre-add with its endpoint, the
// VM hot-add, and a guest add. Removal is a guest remove, then the VM
// hot-remove, then, after the last NIC, the namespace.
//
// The steps hold no state: they are safe for concurrent use when guest is.
func NewGuestSteps(guest GuestNetworkManager) netcore.GuestSteps {
	if guest == nil {
		return nil
	}
	return guestSteps{guest: guest}
}

// guestSteps is the netcore.GuestSteps of Windows guests.
type guestSteps struct {
	guest GuestNetworkManager
}

var _ netcore.GuestSteps = guestSteps{}

// UsesGuestNamespace is true when the guest accepts namespace add requests.
func (guestSteps) UsesGuestNamespace(pod netcore.PodNetwork) bool {
	return pod.GuestNamespaceSupported
}

// AddNamespace adds the pod's namespace to the guest.
func (p guestSteps) AddNamespace(ctx context.Context, pod netcore.PodNetwork, ns *hcnmodel.Namespace) error {
	if err := p.guest.AddNetworkNamespace(ctx, ns); err != nil {
		return fmt.Errorf("add namespace %s to guest: %w", namespaceID(pod, ns), err)
	}
	return nil
}

// RemoveNamespace removes the pod's namespace from the guest.
func (p guestSteps) RemoveNamespace(ctx context.Context, pod netcore.PodNetwork, ns *hcnmodel.Namespace) error {
	if err := p.guest.RemoveNetworkNamespace(ctx, ns); err != nil {
		return fmt.Errorf("remove namespace %s from guest: %w", namespaceID(pod, ns), err)
	}
	return nil
}

// PreparesNIC is always true: a Windows guest is told of every NIC, with its
// endpoint, before the hot-add.
func (guestSteps) PreparesNIC(netcore.PodNetwork) bool { return true }

// PrepareNIC pre-adds the NIC with its endpoint.
func (p guestSteps) PrepareNIC(ctx context.Context, _ netcore.PodNetwork, nic netcore.NICInfo) error {
	if err := p.guest.AddNetworkInterface(ctx, nic.ID, RequestTypePreAdd, nic.Endpoint); err != nil {
		return fmt.Errorf("pre-add NIC %s (endpoint %s) to guest: %w", nic.ID, endpointID(nic.Endpoint), err)
	}
	return nil
}

// ConfigureNIC completes the hot-added NIC in the guest.
func (p guestSteps) ConfigureNIC(ctx context.Context, _ netcore.PodNetwork, nic netcore.NICInfo) error {
	if err := p.guest.AddNetworkInterface(ctx, nic.ID, RequestTypeAdd, nil); err != nil {
		return fmt.Errorf("add NIC %s (endpoint %s) to guest: %w", nic.ID, endpointID(nic.Endpoint), err)
	}
	return nil
}

// RemoveNIC makes the guest let go of the NIC, whether pre-added or added.
func (p guestSteps) RemoveNIC(ctx context.Context, _ netcore.PodNetwork, nic netcore.NICInfo) error {
	if err := p.guest.RemoveNetworkInterface(ctx, nic.ID, RequestTypeRemove, nil); err != nil {
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

// namespaceID names the namespace in an error: the document's ID, or the
// pod's when there is no document.
func namespaceID(pod netcore.PodNetwork, ns *hcnmodel.Namespace) string {
	if ns != nil && ns.Id != "" {
		return ns.Id
	}
	return pod.NamespaceID
}
