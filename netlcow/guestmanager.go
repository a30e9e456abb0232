package netlcow

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// GuestManager is a ready [GuestNetworkManager] for shims that can send
// guest requests but have no network methods of their own. Each call
// becomes one guest request of resource type Network, request Add or
// Remove, with the [Adapter] as settings, delivered by a
// [hcsmodify.GuestRoute].
//
// Errors from the transport are wrapped, never replaced, so Teardown still
// recognises [netcore.ErrGuestUnavailable] and [netcore.ErrVMUnavailable];
// hcsshim's own errors for a closed bridge or a gone VM gain those
// sentinels on the way (see [hcsmodify.GuestConnection] and
// [hcsmodify.ComputeSystem]).
//
// A GuestManager holds no state of its own: it is safe for concurrent use
// when its transport is.
type GuestManager struct {
	route hcsmodify.GuestRoute
}

var _ GuestNetworkManager = (*GuestManager)(nil)

// NewGuestManager returns a [GuestManager] that sends each request, bare,
// on conn: the shim's connection to the guest agent. This is the route a
// current shim uses. Over a nil conn, or a nil pointer in the interface,
// the manager reports the missing transport from Validate, and the
// controller refuses it when it is built.
func NewGuestManager(conn hcsmodify.GuestConnection) *GuestManager {
	return &GuestManager{route: hcsmodify.ViaGuestConnection(conn)}
}

// NewLegacyGuestManager returns a [GuestManager] that sends each request
// through cs, the Utility VM's compute system, wrapped in an HCS modify
// document for HCS to forward: the route of a shim with no guest
// connection. Over a nil cs, or a nil pointer in the interface, the
// manager reports the missing transport from Validate.
func NewLegacyGuestManager(cs hcsmodify.ComputeSystem) *GuestManager {
	return &GuestManager{route: hcsmodify.ViaComputeSystem(cs)}
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
	if g == nil || g.route == nil {
		return fmt.Errorf("%s guest network interface %s: no transport (use NewGuestManager or NewLegacyGuestManager): %w",
			verb, adapter.ID, errdefs.ErrFailedPrecondition)
	}
	req := &hcsmodify.GuestRequest{
		RequestType:  rt,
		ResourceType: hcsmodify.ResourceTypeNetwork,
		Settings:     adapter,
	}
	if err := g.route.SendGuestRequest(ctx, req); err != nil {
		return fmt.Errorf("%s guest network interface %s (namespace %s): %w", verb, adapter.ID, adapter.NamespaceID, err)
	}
	return nil
}
