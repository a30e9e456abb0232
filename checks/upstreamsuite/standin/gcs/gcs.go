package gcs

import "github.com/uvmnet/uvmnet/netcore"

// GuestDefinedCapabilities is the part of hcsshim's guest capabilities
// the controller reads.
type GuestDefinedCapabilities interface {
	IsNamespaceAddRequestSupported() bool
}

// ErrBridgeClosed is what hcsshim's guest connection returns once the
// bridge is down (internal/gcs/bridge.go). The suite's guests say so by
// wrapping netcore.ErrGuestUnavailable, so that is this error.
var ErrBridgeClosed = netcore.ErrGuestUnavailable
