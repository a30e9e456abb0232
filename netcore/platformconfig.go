package netcore

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/types/known/anypb"
)

// PlatformConfig is everything a shim supplies to a guest platform
// module's New. netlcow.Config and netwcow.Config are this type with their
// own guest manager contract as G, so the two modules take the same shape
// and neither repeats the other.
type PlatformConfig[G any] struct {
	// NamespaceID is the pod's HCN namespace ID (a GUID). Required.
	NamespaceID string
	// PolicyBasedRouting asks the guest to configure every NIC with
	// policy-based routing. Linux guests read it; Windows guests keep it
	// only in snapshots.
	PolicyBasedRouting bool

	// VM hot-adds and hot-removes NICs on the Utility VM. Required.
	VM VMNetworkManager
	// Host reads the namespace and its endpoints from HCN. Required.
	Host HostNetwork
	// Guest is the platform's guest manager: the shim's own, or the
	// module's ready GuestManager over the shim's guest transport.
	// Required.
	Guest G
	// Capabilities is asked once, by New, whether the guest accepts
	// namespace add requests. Nil means it does not.
	Capabilities CapabilitiesProvider

	// Tuning sets NIC ID generation, concurrency, the state observer and
	// tracing; the zero value is random NIC IDs, strict call order, no
	// observer and the global tracer.
	Tuning
}

// GuestController is a [Controller] whose Resume takes a guest platform
// module's own guest manager G instead of [Managers]. netlcow.Controller
// and netwcow.Controller are this type; every other method is the
// embedded Controller's.
type GuestController[G any] struct {
	*Controller
	platform func(G) GuestPlatform
}

// NewForPlatform builds a controller from cfg; platform turns the guest
// manager into the guest steps. The guest platform modules' New call it.
func NewForPlatform[G any](cfg PlatformConfig[G], platform func(G) GuestPlatform) (*GuestController[G], error) {
	if any(cfg.Guest) == nil {
		return nil, fmt.Errorf("config: Guest is nil: %w", errdefs.ErrInvalidArgument)
	}
	c, err := New(Options{
		NamespaceID:        cfg.NamespaceID,
		PolicyBasedRouting: cfg.PolicyBasedRouting,
		Tuning:             cfg.Tuning,
	}, Managers{
		VM:           cfg.VM,
		Host:         cfg.Host,
		Guest:        platform(cfg.Guest),
		Capabilities: cfg.Capabilities,
	})
	if err != nil {
		return nil, err
	}
	return &GuestController[G]{Controller: c, platform: platform}, nil
}

// ImportForPlatform is [Import] for a guest platform module: the rebuilt
// controller's Resume takes the module's guest manager.
func ImportForPlatform[G any](ctx context.Context, snapshot *anypb.Any, tuning Tuning, platform func(G) GuestPlatform) (*GuestController[G], error) {
	c, err := Import(ctx, snapshot, tuning)
	if err != nil {
		return nil, err
	}
	return &GuestController[G]{Controller: c, platform: platform}, nil
}

// Resume makes a migrating controller operational again: on a destination,
// after Import and Patch, it binds this host's managers; on a source whose
// migration failed it lifts the freeze Save applied. As with
// [Controller.Resume], a nil argument keeps what the controller already
// holds, so a source rolling back may pass nils, while a destination must
// pass all three.
func (c *GuestController[G]) Resume(ctx context.Context, vm VMNetworkManager, host HostNetwork, guest G) error {
	if c == nil || c.Controller == nil || c.platform == nil {
		return fmt.Errorf("resume: controller not made by New or Import: %w", errdefs.ErrFailedPrecondition)
	}
	m := Managers{VM: vm, Host: host}
	if any(guest) != nil {
		m.Guest = c.platform(guest)
	}
	return c.Controller.Resume(ctx, m)
}
