package guestmanager

import (
	"context"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/bridge"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/guestresource"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// ErrGuestConnectionUnavailable is hcsshim's error for a guest never
// connected to.
var ErrGuestConnectionUnavailable = bridge.ErrGuestConnectionUnavailable

// Guest is the pod's Linux guest.
type Guest struct {
	bridge.GuestCapabilities
	guest netlcow.GuestNetworkManager
}

// New returns the guest forwarding to guest, answering caps.
func New(guest netlcow.GuestNetworkManager, caps netcore.CapabilitiesProvider) *Guest {
	return &Guest{GuestCapabilities: bridge.NewCapabilities(caps), guest: guest}
}

// AddNetworkInterface adds a NIC in the guest.
func (g *Guest) AddNetworkInterface(ctx context.Context, settings *guestresource.LCOWNetworkAdapter) error {
	return bridge.Error(g.guest.AddNetworkInterface(ctx, settings))
}

// RemoveNetworkInterface removes a NIC from the guest.
func (g *Guest) RemoveNetworkInterface(ctx context.Context, settings *guestresource.LCOWNetworkAdapter) error {
	return bridge.Error(g.guest.RemoveNetworkInterface(ctx, settings))
}
