package netlcow

import "context"

// GuestNetworkManager is the Linux guest agent's network surface: it
// configures a hot-added NIC inside the pod's network namespace and removes
// it again.
//
// Implemented by the shim's guest manager, or by [GuestManager] over the
// shim's guest-modify call. An implementation wraps
// [netcore.ErrGuestUnavailable] when the connection to the guest is gone, so
// that Teardown counts the removal as done.
type GuestNetworkManager interface {
	// AddNetworkInterface configures the NIC the adapter describes.
	AddNetworkInterface(ctx context.Context, adapter *Adapter) error
	// RemoveNetworkInterface removes the NIC adapter.ID from the namespace
	// adapter.NamespaceID; the other fields are not needed.
	RemoveNetworkInterface(ctx context.Context, adapter *Adapter) error
}
