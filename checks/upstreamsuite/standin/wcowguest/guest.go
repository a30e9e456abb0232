package guestmanager

import (
	"context"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/bridge"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/guestrequest"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/hcn"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netwcow"
)

// ErrGuestConnectionUnavailable is hcsshim's error for a guest never
// connected to.
var ErrGuestConnectionUnavailable = bridge.ErrGuestConnectionUnavailable

// Guest is the pod's Windows guest.
type Guest struct {
	bridge.GuestCapabilities
	guest netwcow.GuestNetworkManager
}

// New returns the guest forwarding to guest, answering caps.
func New(guest netwcow.GuestNetworkManager, caps netcore.CapabilitiesProvider) *Guest {
	return &Guest{GuestCapabilities: bridge.NewCapabilities(caps), guest: guest}
}

// AddNetworkNamespace adds the pod's namespace to the guest.
func (g *Guest) AddNetworkNamespace(ctx context.Context, settings *hcn.HostComputeNamespace) error {
	return bridge.Error(g.guest.AddNetworkNamespace(ctx, settings))
}

// RemoveNetworkNamespace removes the pod's namespace from the guest.
func (g *Guest) RemoveNetworkNamespace(ctx context.Context, settings *hcn.HostComputeNamespace) error {
	return bridge.Error(g.guest.RemoveNetworkNamespace(ctx, settings))
}

// AddNetworkInterface pre-adds or adds a NIC in the guest.
func (g *Guest) AddNetworkInterface(ctx context.Context, adapterID string, requestType guestrequest.RequestType, settings *hcn.HostComputeEndpoint) error {
	return bridge.Error(g.guest.AddNetworkInterface(ctx, adapterID, requestType, settings))
}

// RemoveNetworkInterface removes a NIC from the guest.
func (g *Guest) RemoveNetworkInterface(ctx context.Context, adapterID string, requestType guestrequest.RequestType, settings *hcn.HostComputeEndpoint) error {
	return bridge.Error(g.guest.RemoveNetworkInterface(ctx, adapterID, requestType, settings))
}
