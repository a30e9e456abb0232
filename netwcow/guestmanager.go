package netwcow

import (
	"context"
	"fmt"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// GuestManager is a ready [GuestNetworkManager] for shims that can send a
// modify request to the guest agent but have no network methods of their
// own. Each call becomes one [hcsmodify.ModifySettingRequest] carrying a
// guest request:
//
//   - namespace add/remove: resource type NetworkNamespace, the HCN
//     namespace document as settings;
//   - NIC pre-add, add and remove: resource type Network, request Add (for
//     pre-add and add) or Remove, with a [NetworkModifyRequest] as settings
//     naming the NIC, the phase and, when given, the HCN endpoint.
//
// Arguments are checked before anything is sent: a bad one is an error
// wrapping errdefs.ErrInvalidArgument. Errors from the transport are
// wrapped, never replaced, so a transport that wraps
// [netcore.ErrGuestUnavailable] keeps Teardown's "already gone" handling
// working.
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
	req := &hcsmodify.ModifySettingRequest{
		GuestRequest: hcsmodify.GuestRequest{
			ResourceType: hcsmodify.ResourceTypeNetworkNamespace,
			RequestType:  rt,
			Settings:     namespace,
		},
	}
	if err := g.modifier.Modify(ctx, req); err != nil {
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
	nic := NetworkModifyRequest{AdapterId: adapterID, RequestType: phase}
	// Only a non-nil endpoint goes in: a nil pointer in the interface field
	// would be sent as null instead of being left out.
	if endpoint != nil {
		nic.Settings = endpoint
	}
	req := &hcsmodify.ModifySettingRequest{
		GuestRequest: hcsmodify.GuestRequest{
			ResourceType: hcsmodify.ResourceTypeNetwork,
			RequestType:  outer,
			Settings:     nic,
		},
	}
	if err := g.modifier.Modify(ctx, req); err != nil {
		return fmt.Errorf("%s guest network interface %s: %w", phase, adapterID, err)
	}
	return nil
}

// check reports a manager that has no transport.
func (g *GuestManager) check() error {
	if g == nil || g.modifier == nil {
		return fmt.Errorf("no modifier (use NewGuestManager with a non-nil Modifier): %w", errdefs.ErrFailedPrecondition)
	}
	return nil
}
