package netwcow

import (
	"context"
	"fmt"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// GuestManager is a ready [GuestNetworkManager] for shims that can send
// guest requests but have no network methods of their own. Each call
// becomes one guest request, delivered by a [hcsmodify.GuestRoute]:
//
//   - namespace add/remove: resource type NetworkNamespace, the HCN
//     namespace document as settings;
//   - NIC pre-add, add and remove: resource type Network, request Add (for
//     pre-add and add) or Remove, with a [NetworkModifyRequest] as settings
//     naming the NIC, the phase and the HCN endpoint (null for add and
//     remove, as the guest expects).
//
// Arguments are checked before anything is sent: a bad one is an error
// wrapping errdefs.ErrInvalidArgument. Errors from the transport are
// wrapped, never replaced, so Teardown still recognises
// [netcore.ErrGuestUnavailable] and [netcore.ErrVMUnavailable]; hcsshim's
// own errors for a closed bridge or a gone VM gain those sentinels on the
// way (see [hcsmodify.GuestConnection] and [hcsmodify.ComputeSystem]).
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

// AddNetworkNamespace sends an Add request for the namespace.
func (g *GuestManager) AddNetworkNamespace(ctx context.Context, namespace *hcnmodel.Namespace) error {
	return g.sendNamespace(ctx, "add", hcsmodify.RequestTypeAdd, namespace)
}

// RemoveNetworkNamespace sends a Remove request for the namespace.
func (g *GuestManager) RemoveNetworkNamespace(ctx context.Context, namespace *hcnmodel.Namespace) error {
	return g.sendNamespace(ctx, "remove", hcsmodify.RequestTypeRemove, namespace)
}

// AddNetworkInterface sends the pre-add or add of the NIC adapterID.
// requestType must be [RequestTypePreAdd] or [RequestTypeAdd].
func (g *GuestManager) AddNetworkInterface(ctx context.Context, adapterID string, requestType RequestType, endpoint *hcnmodel.Endpoint) error {
	if requestType != RequestTypePreAdd && requestType != RequestTypeAdd {
		return fmt.Errorf("add guest network interface %s: requestType %q is not %q or %q: %w",
			adapterID, requestType, RequestTypePreAdd, RequestTypeAdd, errdefs.ErrInvalidArgument)
	}
	return g.sendNIC(ctx, hcsmodify.RequestTypeAdd, adapterID, requestType, endpoint)
}

// RemoveNetworkInterface sends the removal of the NIC adapterID.
// requestType must be [RequestTypeRemove].
func (g *GuestManager) RemoveNetworkInterface(ctx context.Context, adapterID string, requestType RequestType, endpoint *hcnmodel.Endpoint) error {
	if requestType != RequestTypeRemove {
		return fmt.Errorf("remove guest network interface %s: requestType %q is not %q: %w",
			adapterID, requestType, RequestTypeRemove, errdefs.ErrInvalidArgument)
	}
	return g.sendNIC(ctx, hcsmodify.RequestTypeRemove, adapterID, requestType, endpoint)
}

func (g *GuestManager) sendNamespace(ctx context.Context, verb string, rt hcsmodify.RequestType, namespace *hcnmodel.Namespace) error {
	if namespace == nil {
		return fmt.Errorf("%s guest network namespace: namespace is nil: %w", verb, errdefs.ErrInvalidArgument)
	}
	if err := g.check(); err != nil {
		return fmt.Errorf("%s guest network namespace %s: %w", verb, namespace.Id, err)
	}
	req := &hcsmodify.GuestRequest{
		RequestType:  rt,
		ResourceType: hcsmodify.ResourceTypeNetworkNamespace,
		Settings:     namespace,
	}
	if err := g.route.SendGuestRequest(ctx, req); err != nil {
		return fmt.Errorf("%s guest network namespace %s: %w", verb, namespace.Id, err)
	}
	return nil
}

func (g *GuestManager) sendNIC(ctx context.Context, outer hcsmodify.RequestType, adapterID string, phase RequestType, endpoint *hcnmodel.Endpoint) error {
	if _, err := guid.FromString(adapterID); err != nil {
		return fmt.Errorf("%s guest network interface: adapterID %q is not a GUID: %w", phase, adapterID, errdefs.ErrInvalidArgument)
	}
	if err := g.check(); err != nil {
		return fmt.Errorf("%s guest network interface %s: %w", phase, adapterID, err)
	}
	req := &hcsmodify.GuestRequest{
		RequestType:  outer,
		ResourceType: hcsmodify.ResourceTypeNetwork,
		// The endpoint goes in as a typed pointer even when nil: the guest
		// expects "Settings":null on add and remove, which a typed nil in
		// the interface field encodes (omitempty drops only a nil
		// interface).
		Settings: NetworkModifyRequest{AdapterId: adapterID, RequestType: phase, Settings: endpoint},
	}
	if err := g.route.SendGuestRequest(ctx, req); err != nil {
		return fmt.Errorf("%s guest network interface %s: %w", phase, adapterID, err)
	}
	return nil
}

// check reports a manager that has no transport.
func (g *GuestManager) check() error {
	if g == nil || g.route == nil {
		return fmt.Errorf("no transport (use NewGuestManager or NewLegacyGuestManager): %w", errdefs.ErrFailedPrecondition)
	}
	return nil
}
