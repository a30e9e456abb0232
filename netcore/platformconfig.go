package netcore

import (
	"fmt"

	"github.com/containerd/errdefs"
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

// NewForPlatform builds a controller from cfg; platform turns the guest
// manager into the guest steps. The guest platform modules' New call it.
func NewForPlatform[G any](cfg PlatformConfig[G], platform func(G) GuestPlatform) (*Controller, error) {
	if any(cfg.Guest) == nil {
		return nil, fmt.Errorf("config: Guest is nil: %w", errdefs.ErrInvalidArgument)
	}
	return New(Options{
		NamespaceID:        cfg.NamespaceID,
		PolicyBasedRouting: cfg.PolicyBasedRouting,
		Tuning:             cfg.Tuning,
	}, Managers{
		VM:           cfg.VM,
		Host:         cfg.Host,
		Guest:        platform(cfg.Guest),
		Capabilities: cfg.Capabilities,
	})
}
