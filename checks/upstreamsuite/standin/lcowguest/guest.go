// Package guestmanager stands in for hcsshim's internal/vm/guestmanager
// as the LCOW controller uses it: the guest's network calls, forwarded to
// the suite's netlcow guest contract, and its capabilities.
package guestmanager

import (
	"context"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/bridge"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/gcs"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/guestresource"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// ErrGuestConnectionUnavailable is hcsshim's error for a guest never
// connected to.
var ErrGuestConnectionUnavailable = bridge.ErrGuestConnectionUnavailable

// Guest is the pod's Linux guest.
type Guest struct {
	guest netlcow.GuestNetworkManager
	caps  netcore.CapabilitiesProvider
}

// New returns the guest forwarding to guest, answering caps.
func New(guest netlcow.GuestNetworkManager, caps netcore.CapabilitiesProvider) *Guest {
	return &Guest{guest: guest, caps: caps}
}

// Capabilities is the guest's capabilities; nil when none were given, as
// hcsshim's guest manager answers before the guest reported them.
func (g *Guest) Capabilities() gcs.GuestDefinedCapabilities {
	if g.caps == nil {
		return nil
	}
	return g.caps
}

// AddNetworkInterface adds a NIC in the guest.
func (g *Guest) AddNetworkInterface(ctx context.Context, settings *guestresource.LCOWNetworkAdapter) error {
	return bridge.Error(g.guest.AddNetworkInterface(ctx, settings))
}

// RemoveNetworkInterface removes a NIC from the guest.
func (g *Guest) RemoveNetworkInterface(ctx context.Context, settings *guestresource.LCOWNetworkAdapter) error {
	return bridge.Error(g.guest.RemoveNetworkInterface(ctx, settings))
}
