package netcore

import (
	"context"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// GuestSteps is the guest half of one guest platform: the steps the
// controller runs inside the guest around the VM's NIC hot-add and
// hot-remove.
//
// Implemented by netlcow (Linux guests) and netwcow (Windows guests); a shim
// picks one of those modules and never implements this itself. The
// controller owns ordering, tracking and error handling; a platform only
// says which steps apply and performs them.
type GuestSteps interface {
	// UsesGuestNamespace reports whether the pod's namespace itself is added
	// to the guest before any NIC, and so must be removed after the last.
	UsesGuestNamespace(pod PodNetwork) bool
	// AddNamespace adds the namespace to the guest.
	AddNamespace(ctx context.Context, pod PodNetwork, ns *hcnmodel.Namespace) error
	// RemoveNamespace removes the namespace from the guest.
	RemoveNamespace(ctx context.Context, pod PodNetwork, ns *hcnmodel.Namespace) error

	// PreparesNIC reports whether the guest is told of a NIC before the host
	// hot-adds it (a pre-add), which must then be undone even when the
	// hot-add fails.
	PreparesNIC(pod PodNetwork) bool
	// PrepareNIC pre-adds the NIC in the guest.
	PrepareNIC(ctx context.Context, pod PodNetwork, nic NICInfo) error
	// ConfigureNIC configures a hot-added NIC in the guest. A platform with
	// nothing to do for this pod returns nil without a call.
	ConfigureNIC(ctx context.Context, pod PodNetwork, nic NICInfo) error
	// RemoveNIC makes the guest let go of the NIC, whether it was only
	// prepared or fully configured. A platform with nothing to undo returns
	// nil without a call.
	RemoveNIC(ctx context.Context, pod PodNetwork, nic NICInfo) error
}

// PodNetwork is what a guest step knows of the pod besides the NIC at hand.
type PodNetwork struct {
	// NamespaceID is the pod's HCN namespace ID as the guest knows it. After
	// a live migration it stays the source's ID: the guest is the same.
	NamespaceID string
	// PolicyBasedRouting asks the guest to configure policy-based routing.
	PolicyBasedRouting bool
	// GuestNamespaceSupported is the guest's answer to
	// [CapabilitiesProvider.IsNamespaceAddRequestSupported], read once.
	GuestNamespaceSupported bool
}

// NICInfo names one NIC and the endpoint behind it.
type NICInfo struct {
	// ID is the NIC's ID in the VM, a Windows GUID string.
	ID string
	// Endpoint is the HCN endpoint the NIC carries. After Import it holds
	// only the ID, MAC address and name that a snapshot keeps.
	Endpoint *hcnmodel.Endpoint
}
