package netcore

// CapabilitiesProvider reports what the guest agent supports.
//
// Implemented by the shim's guest manager. The controller asks once, when it
// is built, so that a guest that changes its answer later cannot leave half
// the NICs configured one way and half the other. A nil provider means the
// guest supports nothing optional.
type CapabilitiesProvider interface {
	// IsNamespaceAddRequestSupported reports whether the guest accepts
	// network namespace add requests (and, for LCOW, per-NIC configuration).
	IsNamespaceAddRequestSupported() bool
}
