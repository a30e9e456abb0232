package netlcow

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// Config is everything a shim supplies to build a Linux-guest pod network
// controller.
type Config struct {
	// NamespaceID is the pod's HCN namespace ID (a GUID). Required.
	NamespaceID string
	// PolicyBasedRouting asks the guest to configure every NIC with
	// policy-based routing.
	PolicyBasedRouting bool

	// VM hot-adds and hot-removes NICs on the Utility VM. Required.
	VM netcore.VMNetworkManager
	// Host reads the namespace and its endpoints from HCN. Required.
	Host netcore.HostNetwork
	// Guest configures NICs inside the guest: the shim's guest manager or
	// [NewGuestManager]. Required.
	Guest GuestNetworkManager
	// Capabilities is asked once, by New, whether the guest accepts
	// namespace add requests; without them no NIC is configured in the
	// guest. Nil means it does not.
	Capabilities netcore.CapabilitiesProvider

	// Tuning sets NIC ID generation, concurrency, the state observer and
	// tracing; the zero value is random NIC IDs, strict call order, no
	// observer, the global tracer.
	netcore.Tuning
}

// Controller is a pod network controller for a Linux guest. Every method of
// [netcore.Controller] (Setup, Teardown, State, Save, Patch,
// ResetAfterMigration, ...) is available on it; only Resume is replaced, by
// one that takes a Linux [GuestNetworkManager].
type Controller struct {
	*netcore.Controller
}

// New returns a controller for the pod namespace in cfg, in NotConfigured.
// A nil cfg.Guest is an error wrapping errdefs.ErrInvalidArgument; the rest
// of cfg is checked by [netcore.New].
func New(cfg Config) (*Controller, error) {
	if cfg.Guest == nil {
		return nil, fmt.Errorf("netlcow: Config.Guest is nil: %w", errdefs.ErrInvalidArgument)
	}
	c, err := netcore.New(netcore.Options{
		NamespaceID:        cfg.NamespaceID,
		PolicyBasedRouting: cfg.PolicyBasedRouting,
		Tuning:             cfg.Tuning,
	}, netcore.Managers{
		VM:           cfg.VM,
		Host:         cfg.Host,
		Guest:        Platform(cfg.Guest),
		Capabilities: cfg.Capabilities,
	})
	if err != nil {
		return nil, err
	}
	return &Controller{Controller: c}, nil
}

// Import rebuilds, on a live-migration destination, the controller whose
// [netcore.Controller.Save] produced snapshot. It is in DestinationMigrating
// and drives nothing until [Controller.Resume] binds it to this host's
// managers.
func Import(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (*Controller, error) {
	c, err := netcore.Import(ctx, snapshot, tuning)
	if err != nil {
		return nil, err
	}
	return &Controller{Controller: c}, nil
}

// Resume makes a migrating controller operational again: on a destination,
// after Import and Patch, it binds this host's managers; on a source whose
// migration failed it lifts the freeze Save applied. As with
// [netcore.Controller.Resume], a nil argument keeps what the controller
// already holds, so a source rolling back may pass nils, while a destination
// must pass all three.
func (c *Controller) Resume(ctx context.Context, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest GuestNetworkManager) error {
	if c == nil || c.Controller == nil {
		return fmt.Errorf("netlcow: Resume on a controller not made by New or Import: %w", errdefs.ErrFailedPrecondition)
	}
	m := netcore.Managers{VM: vm, Host: host}
	if guest != nil {
		m.Guest = Platform(guest)
	}
	return c.Controller.Resume(ctx, m)
}
