package netwcow

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// Config is everything a shim supplies to build a Windows-guest pod network
// controller; Guest is a Windows [GuestNetworkManager].
type Config = netcore.PlatformConfig[GuestNetworkManager]

// Controller is a pod network controller for a Windows guest. Every method of
// [netcore.Controller] (Setup, Teardown, State, Save, Patch,
// ResetAfterMigration, ...) is available on it; only Resume is replaced, by
// one that takes a Windows [GuestNetworkManager].
type Controller struct {
	*netcore.Controller
}

// New returns a controller for the pod namespace in cfg, in NotConfigured.
// Every field is checked before anything is built; a missing or malformed
// one is an error wrapping errdefs.ErrInvalidArgument that names it.
func New(cfg Config) (*Controller, error) {
	c, err := netcore.NewForPlatform(cfg, Platform)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", "netwcow", err)
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
		return fmt.Errorf("netwcow: Resume on a controller not made by New or Import: %w", errdefs.ErrFailedPrecondition)
	}
	m := netcore.Managers{VM: vm, Host: host}
	if guest != nil {
		m.Guest = Platform(guest)
	}
	return c.Controller.Resume(ctx, m)
}
