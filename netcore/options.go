package netcore

import (
	"fmt"

	"go.opentelemetry.io/otel/trace"
)

// Options configure one pod's controller.
type Options struct {
	// NamespaceID is the pod's HCN namespace ID (a GUID). Required.
	NamespaceID string
	// PolicyBasedRouting asks the guest to configure policy-based routing
	// for every endpoint (LCOW).
	PolicyBasedRouting bool
	// Tuning says how the controller runs and reports; the zero value is
	// strict call order, no observer and the global tracer provider.
	Tuning
}

// Tuning says how a controller runs and reports. The guest platform
// modules take it unchanged in their Config.
type Tuning struct {
	// NewNICID returns a fresh NIC ID. Nil means a random (v4) GUID, which
	// is what a shim wants; tests set it to get stable IDs.
	NewNICID func() (string, error)
	// Concurrency bounds how many manager calls one operation may have in
	// flight. 0 or 1 keeps the strict one-call-at-a-time order. Above 1:
	// endpoint reads run concurrently; Teardown removes NICs concurrently,
	// each NIC still guest side first; Setup pipelines the attach steps, so
	// each step still reaches the VM and the guest in endpoint order (eth0
	// first) but one NIC's host hot-add overlaps another's guest step. The
	// managers must then be safe for concurrent use.
	Concurrency int
	// Observer, when set, is called on every state transition, with the
	// controller's lock held: it must return quickly and must not call
	// back into the controller. A shim exports metrics from it.
	Observer func(Transition)
	// TracerProvider provides the tracer for the controller's spans. Nil
	// means the global OpenTelemetry provider, a no-op unless the shim
	// installs one.
	TracerProvider trace.TracerProvider
}

// validate rejects tuning no controller can honour.
func (t Tuning) validate() error {
	if t.Concurrency < 0 {
		return invalidField("tuning", "Concurrency", fmt.Sprint(t.Concurrency), "negative")
	}
	return nil
}

// Managers are the collaborators a controller drives.
type Managers struct {
	// VM hot-adds and hot-removes NICs on the Utility VM. Required.
	VM VMNetworkManager
	// Host reads the namespace and its endpoints from HCN. Required.
	Host HostNetwork
	// Guest is the guest platform: netlcow or netwcow. Required.
	Guest GuestPlatform
	// Capabilities is asked once, by New, whether the guest supports
	// namespace add requests. Nil means it does not. Resume ignores it: a
	// migrated controller keeps the answer its snapshot recorded.
	Capabilities CapabilitiesProvider
}
