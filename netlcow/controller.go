package netlcow

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// Config is everything a shim supplies to build a Linux-guest pod network
// controller; Guest is a Linux [GuestNetworkManager].
type Config = netcore.PlatformConfig[GuestNetworkManager]

// Controller is a pod network controller for a Linux guest. Every method of
// [netcore.Controller] (Setup, Teardown, State, Save, Patch,
// ResetAfterMigration, Reconcile, ...) is available on it; only Resume is
// replaced, by one that takes a Linux [GuestNetworkManager].
type Controller = netcore.GuestController[GuestNetworkManager]

// New returns a controller for the pod namespace in cfg, in NotConfigured.
// Every field is checked before anything is built; a missing or malformed
// one is an error wrapping errdefs.ErrInvalidArgument that names it.
func New(cfg Config) (*Controller, error) {
	c, err := netcore.NewForPlatform(cfg, Platform)
	if err != nil {
		return nil, fmt.Errorf("netlcow: %w", err)
	}
	return c, nil
}

// Import rebuilds, on a live-migration destination, the controller whose
// Save produced snapshot, here or in hcsshim. It is in DestinationMigrating
// and drives nothing until Resume binds it to this host's managers.
func Import(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (*Controller, error) {
	return netcore.ImportForPlatform(ctx, snapshot, tuning, Platform)
}
