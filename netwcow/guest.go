package netwcow

import (
	"context"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// GuestNetworkManager is the Windows guest agent's network surface: it adds
// the pod's HCN namespace to the guest and walks each NIC through its
// pre-add, add and remove phases.
//
// Implemented by the shim's guest manager, or by [GuestManager] over the
// shim's guest-modify call. An implementation wraps
// [netcore.ErrGuestUnavailable] when the connection to the guest is gone, so
// that Teardown counts the removal as done.
type GuestNetworkManager interface {
	// AddNetworkNamespace adds the pod's namespace to the guest.
	AddNetworkNamespace(ctx context.Context, namespace *hcnmodel.Namespace) error
	// RemoveNetworkNamespace removes the pod's namespace from the guest.
	RemoveNetworkNamespace(ctx context.Context, namespace *hcnmodel.Namespace) error
	// AddNetworkInterface pre-adds ([RequestTypePreAdd], with the endpoint)
	// or adds ([RequestTypeAdd], endpoint nil) the NIC adapterID.
	AddNetworkInterface(ctx context.Context, adapterID string, requestType RequestType, endpoint *hcnmodel.Endpoint) error
	// RemoveNetworkInterface removes ([RequestTypeRemove], endpoint nil)
	// the NIC adapterID.
	RemoveNetworkInterface(ctx context.Context, adapterID string, requestType RequestType, endpoint *hcnmodel.Endpoint) error
}
