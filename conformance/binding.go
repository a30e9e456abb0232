package conformance

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"
	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// PlatformController is a guest module's controller: the suite's
// [Controller] plus a Resume that takes the module's guest manager G.
// netlcow.Controller and netwcow.Controller are.
type PlatformController[G any] interface {
	Controller
	Resume(ctx context.Context, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest G) error
}

// Binding is a [Platform] for a guest module shaped like netlcow and
// netwcow: a Config that is netcore.PlatformConfig[G], New, Import, and a
// controller whose Resume takes G. The bindings in conformance/lcow and
// conformance/wcow are Bindings; what differs between platforms is only
// in the fields.
type Binding[G any, C PlatformController[G]] struct {
	// PlatformName names the platform in scenario results.
	PlatformName string
	// NewFunc and ImportFunc are the module's New and Import.
	NewFunc    func(cfg netcore.PlatformConfig[G]) (C, error)
	ImportFunc func(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (C, error)
	// Mock returns a gomock mock of G; Sim puts G in front of the
	// simulator's guest.
	Mock func(ctrl *gomock.Controller) G
	Sim  func(guest *SimGuest) G
	// Calls spells out, per abstract step, what G must receive.
	Calls func(step GuestStep) []GuestCall
}

var _ Platform = Binding[any, PlatformController[any]]{}

// Name implements Platform.
func (b Binding[G, C]) Name() string { return b.PlatformName }

// NewController implements Platform.
func (b Binding[G, C]) NewController(cfg ControllerConfig) (Controller, error) {
	guest, err := b.guestOf(cfg.Guest)
	if err != nil {
		return nil, err
	}
	c, err := b.NewFunc(netcore.PlatformConfig[G]{
		NamespaceID:        cfg.NamespaceID,
		PolicyBasedRouting: cfg.PolicyBasedRouting,
		VM:                 cfg.VM,
		Host:               cfg.Host,
		Guest:              guest,
		Capabilities:       cfg.Capabilities,
		Tuning:             cfg.Tuning,
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Import implements Platform.
func (b Binding[G, C]) Import(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (Controller, error) {
	c, err := b.ImportFunc(ctx, snapshot, tuning)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Resume implements Platform.
func (b Binding[G, C]) Resume(ctx context.Context, c Controller, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest GuestManager) error {
	pc, ok := c.(C)
	if !ok {
		return fmt.Errorf("%s: Resume of a %T, not a controller this platform made: %w", b.PlatformName, c, errdefs.ErrInvalidArgument)
	}
	var g G
	if guest != nil {
		var err error
		if g, err = b.guestOf(guest); err != nil {
			return err
		}
	}
	return pc.Resume(ctx, vm, host, g)
}

// NewMockGuest implements Platform.
func (b Binding[G, C]) NewMockGuest(ctrl *gomock.Controller) GuestManager { return b.Mock(ctrl) }

// NewSimGuest implements Platform.
func (b Binding[G, C]) NewSimGuest(guest *SimGuest) GuestManager { return b.Sim(guest) }

// GuestCalls implements Platform.
func (b Binding[G, C]) GuestCalls(step GuestStep) []GuestCall { return b.Calls(step) }

// guestOf takes back a guest manager this binding handed out.
func (b Binding[G, C]) guestOf(guest GuestManager) (G, error) {
	g, ok := guest.(G)
	if !ok {
		var zero G
		return zero, fmt.Errorf("%s: guest manager %T is not the platform's guest contract: %w", b.PlatformName, guest, errdefs.ErrInvalidArgument)
	}
	return g, nil
}
