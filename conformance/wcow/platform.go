package wcow

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"
	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/mocks/wcowmock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Platform returns the suite's binding for Windows guests: controllers from
// netwcow.New and netwcow.Import, the gomock guest manager, the simulator's
// guest behind netwcow.GuestNetworkManager, and the calls a Linux guest
// must receive for each step.
func Platform() conformance.Platform { return platform{} }

type platform struct{}

func (platform) Name() string { return "wcow" }

func (platform) NewController(cfg conformance.ControllerConfig) (conformance.Controller, error) {
	guest, err := guestOf(cfg.Guest)
	if err != nil {
		return nil, err
	}
	c, err := netwcow.New(netwcow.Config{
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
	c, err := netwcow.Import(ctx, snapshot, netcore.Tuning{})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (platform) Resume(ctx context.Context, c conformance.Controller, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest conformance.GuestManager) error {
	lc, ok := c.(*netwcow.Controller)
	if !ok {
		return fmt.Errorf("wcow: Resume of a %T, not a controller this platform made: %w", c, errdefs.ErrInvalidArgument)
	}
	var g netwcow.GuestNetworkManager
	if guest != nil {
		var err error
		if g, err = guestOf(guest); err != nil {
			return err
		}
	}
	return lc.Resume(ctx, vm, host, g)
}

// guestOf takes back a guest manager this platform handed out.
func guestOf(guest conformance.GuestManager) (netwcow.GuestNetworkManager, error) {
	g, ok := guest.(netwcow.GuestNetworkManager)
	if !ok {
		return nil, fmt.Errorf("wcow: guest manager %T is not a netwcow.GuestNetworkManager: %w", guest, errdefs.ErrInvalidArgument)
	}
	return g, nil
}

func (platform) NewMockGuest(ctrl *gomock.Controller) conformance.GuestManager {
	return wcowmock.NewMockGuestNetworkManager(ctrl)
}

func (platform) NewSimGuest(guest *conformance.SimGuest) conformance.GuestManager {
	return simGuest{guest}
}
