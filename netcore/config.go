package netcore

import (
	"fmt"
	"reflect"

	"go.opentelemetry.io/otel/trace"
)

// Config is everything a shim supplies to build one pod's controller.
type Config struct {
	// NamespaceID is the pod's HCN namespace ID (a GUID), the namespace
	// CNI created. Required.
	NamespaceID string
	// PolicyBasedRouting asks the guest to configure every NIC with
	// policy-based routing. Linux guests read it; Windows guests keep it
	// only in snapshots.
	PolicyBasedRouting bool

	// VM hot-adds and hot-removes NICs on the Utility VM: the shim's own
	// manager, or hcsmodify.NewVMNetwork over the VM's compute system.
	// Required.
	VM VMNetworkManager
	// Host reads the namespace and its endpoints from HCN: hcnhost.New, of
	// the module github.com/uvmnet/uvmnet/hcnhost, on Windows. Required.
	Host HostNetwork
	// Guest is the guest platform's steps: netlcow.NewGuestSteps or
	// netwcow.NewGuestSteps over a guest manager. Required.
	Guest GuestSteps
	// Capabilities is asked once, by New, whether the guest accepts
	// namespace add requests. Nil means it does not.
	Capabilities CapabilitiesProvider

	// Tuning sets NIC ID generation, concurrency, the state observer and
	// tracing; the zero value is random NIC IDs, strict call order, no
	// observer and the global tracer.
	Tuning Tuning
}

// Tuning says how a controller runs and reports. [Import] takes it too, so
// a migration destination runs as the source did.
type Tuning struct {
	// NewNICID returns a fresh NIC ID, a GUID. Nil means a random (v4)
	// GUID, which is what a shim wants; tests set it to get stable IDs.
	NewNICID func() (string, error)
	// Concurrency bounds how many manager calls one operation may have in
	// flight. 0 or 1 keeps the strict one-call-at-a-time order. Above 1:
	// endpoint reads run concurrently; Teardown removes NICs concurrently,
	// each NIC still guest side first; Setup pipelines the attach steps, so
	// each step still reaches the VM and the guest in endpoint order (eth0
	// first) but one NIC's VM hot-add overlaps another's guest step. The
	// managers must then be safe for concurrent use.
	Concurrency int
	// Observer, when set, is called on every state transition, with the
	// controller's lock held: it must return quickly and must not call
	// back into the controller's operations (State, NamespaceID and
	// Describe, which never wait, are fine). A shim exports metrics from
	// it. If it panics, the panic reaches the operation's caller once the
	// transition is complete: the controller stays whole.
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
	// A nil pointer in the interface would panic at the first span; nil
	// itself is the documented way to ask for the global provider.
	if t.TracerProvider != nil && isNil(t.TracerProvider) {
		return invalidField("tuning", "TracerProvider", describeNil(t.TracerProvider), "a nil provider; leave the field nil for the global one")
	}
	return nil
}

// managers are the collaborators a controller drives.
type managers struct {
	vm    VMNetworkManager
	host  HostNetwork
	guest GuestSteps
}

// Validator is implemented by a manager, host reader or guest steps that
// can tell, before its first call, that it cannot work: the ready
// managers of hcsmodify, netlcow and netwcow built over a nil transport
// say so here. [New] and [Controller.Resume] ask, and refuse one that
// answers with an error, so a missing transport fails when the controller
// is built rather than at the first hot-add.
type Validator interface {
	// Validate returns why the value cannot work, or nil.
	Validate() error
}

// validate reports the first manager that is missing (nil, or a nil
// pointer in the interface, which would fail only at its first call) or
// that reports, as a [Validator], that it cannot work.
func (m managers) validate() error {
	switch {
	case isNil(m.vm):
		return invalidField("config", "VM", describeNil(m.vm), "a VM network manager is required")
	case isNil(m.host):
		return invalidField("config", "Host", describeNil(m.host), "a host network reader is required")
	case isNil(m.guest):
		return invalidField("config", "Guest", describeNil(m.guest), "guest steps are required")
	}
	for _, f := range []struct {
		name  string
		value any
	}{{"VM", m.vm}, {"Host", m.host}, {"Guest", m.guest}} {
		if v, ok := f.value.(Validator); ok {
			if err := v.Validate(); err != nil {
				return invalidField("config", f.name, fmt.Sprintf("%T", f.value), err.Error())
			}
		}
	}
	return nil
}

// isNil reports whether v is nil or holds a nil pointer, map, slice,
// channel or function.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch r := reflect.ValueOf(v); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface:
		return r.IsNil()
	}
	return false
}

// describeNil names a missing manager's value for an error message.
func describeNil(v any) string {
	if v == nil {
		return "<nil>"
	}
	return fmt.Sprintf("nil %T", v)
}
