package netlcow

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// GuestManager is a ready [GuestNetworkManager] for shims that can send a
// modify request to the guest agent but have no network methods of their
// own. Each call becomes one [hcsmodify.ModifySettingRequest] carrying a
// guest request of resource type Network, with the [Adapter] as settings.
//
// Errors from the transport are wrapped, never replaced, so a transport that
// wraps [netcore.ErrGuestUnavailable] when the guest connection is gone
// keeps Teardown's "already gone" handling working.
//
// A GuestManager holds no state of its own: it is safe for concurrent use
// when its Modifier is.
type GuestManager struct {
	modifier hcsmodify.Modifier
}

var _ GuestNetworkManager = (*GuestManager)(nil)

// NewGuestManager returns a [GuestManager] that sends its requests through
// m, typically the shim's guest-connection Modify call.
func NewGuestManager(m hcsmodify.Modifier) *GuestManager {
	return &GuestManager{modifier: m}
}

// AddNetworkInterface sends an Add request for the adapter.
func (g *GuestManager) AddNetworkInterface(ctx context.Context, adapter *Adapter) error {
	return g.send(ctx, "add", hcsmodify.RequestTypeAdd, adapter)
}

// RemoveNetworkInterface sends a Remove request for the adapter.
func (g *GuestManager) RemoveNetworkInterface(ctx context.Context, adapter *Adapter) error {
	return g.send(ctx, "remove", hcsmodify.RequestTypeRemove, adapter)
}

func (g *GuestManager) send(ctx context.Context, verb string, rt hcsmodify.RequestType, adapter *Adapter) error {
	if adapter == nil {
		return fmt.Errorf("%s guest network interface: adapter is nil: %w", verb, errdefs.ErrInvalidArgument)
	}
	if g == nil || g.modifier == nil {
		return fmt.Errorf("%s guest network interface %s: no modifier (use NewGuestManager with a non-nil Modifier): %w",
			verb, adapter.ID, errdefs.ErrFailedPrecondition)
	}
	req := &hcsmodify.ModifySettingRequest{
		GuestRequest: hcsmodify.GuestRequest{
			ResourceType: hcsmodify.ResourceTypeNetwork,
			RequestType:  rt,
			Settings:     adapter,
		},
	}
	if err := g.modifier.Modify(ctx, req); err != nil {
		return fmt.Errorf("%s guest network interface %s (namespace %s): %w", verb, adapter.ID, adapter.NamespaceID, err)
	}
	return nil
}
