package lcow

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"
	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/mocks/lcowmock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Platform returns the suite's binding for Linux guests: controllers from
// netlcow.New and netlcow.Import, the gomock guest manager, the simulator's
// guest behind netlcow.GuestNetworkManager, and the calls a Linux guest
// must receive for each step.
func Platform() conformance.Platform { return platform{} }

type platform struct{}

func (platform) Name() string { return "lcow" }

func (platform) NewController(cfg conformance.ControllerConfig) (conformance.Controller, error) {
	guest, err := guestOf(cfg.Guest)
	if err != nil {
		return nil, err
	}
	c, err := netlcow.New(netlcow.Config{
		NamespaceID:        cfg.NamespaceID,
		PolicyBasedRouting: cfg.PolicyBasedRouting,
		VM:                 cfg.VM,
		Host:               cfg.Host,
		Guest:              guest,
		Capabilities:       cfg.Capabilities,
		Tuning:             netcore.Tuning{NewNICID: cfg.NewNICID, Concurrency: cfg.Concurrency},
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (platform) Import(ctx context.Context, snapshot *anypb.Any) (conformance.Controller, error) {
	c, err := netlcow.Import(ctx, snapshot, netcore.Tuning{})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (platform) Resume(ctx context.Context, c conformance.Controller, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest conformance.GuestManager) error {
	lc, ok := c.(*netlcow.Controller)
	if !ok {
		return fmt.Errorf("lcow: Resume of a %T, not a controller this platform made: %w", c, errdefs.ErrInvalidArgument)
	}
	var g netlcow.GuestNetworkManager
	if guest != nil {
		var err error
		if g, err = guestOf(guest); err != nil {
			return err
		}
	}
	return lc.Resume(ctx, vm, host, g)
}

// guestOf takes back a guest manager this platform handed out.
func guestOf(guest conformance.GuestManager) (netlcow.GuestNetworkManager, error) {
	g, ok := guest.(netlcow.GuestNetworkManager)
	if !ok {
		return nil, fmt.Errorf("lcow: guest manager %T is not a netlcow.GuestNetworkManager: %w", guest, errdefs.ErrInvalidArgument)
	}
	return g, nil
}

func (platform) NewMockGuest(ctrl *gomock.Controller) conformance.GuestManager {
	return lcowmock.NewMockGuestNetworkManager(ctrl)
}

func (platform) NewSimGuest(guest *conformance.SimGuest) conformance.GuestManager {
	return simGuest{guest}
}
