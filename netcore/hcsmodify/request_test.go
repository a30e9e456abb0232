package hcsmodify_test

import (
	"context"
	"errors"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

func TestNetworkAdapterPath(t *testing.T) {
	assert.Equal(t, "VirtualMachine/Devices/NetworkAdapters/"+nicID, hcsmodify.NetworkAdapterPath(nicID))
}

func guestRequest() *hcsmodify.GuestRequest {
	return &hcsmodify.GuestRequest{
		RequestType:  hcsmodify.RequestTypeAdd,
		ResourceType: hcsmodify.ResourceTypeNetwork,
		Settings:     map[string]string{"ID": nicID},
	}
}

// The guest agent reads RequestType, ResourceType and Settings at the top
// level of what the guest connection delivers, in that field order.
func TestGuestConnectionRouteSendsTheBareRequest(t *testing.T) {
	rec := &hcsmodifytest.Recorder{}
	require.NoError(t, hcsmodify.ViaGuestConnection(rec).SendGuestRequest(context.Background(), guestRequest()))
	docs := rec.Documents()
	require.Len(t, docs, 1)
	hcsmodifytest.AssertWire(t, docs[0], `{"RequestType":"Add","ResourceType":"Network","Settings":{"ID":"`+nicID+`"}}`)
}

// HCS takes a modify document and forwards its GuestRequest to the guest.
func TestComputeSystemRouteWrapsTheRequest(t *testing.T) {
	rec := &hcsmodifytest.Recorder{}
	require.NoError(t, hcsmodify.ViaComputeSystem(rec).SendGuestRequest(context.Background(), guestRequest()))
	docs := rec.Documents()
	require.Len(t, docs, 1)
	hcsmodifytest.AssertWire(t, docs[0], `{"GuestRequest":{"RequestType":"Add","ResourceType":"Network","Settings":{"ID":"`+nicID+`"}}}`)
}

func TestGuestConnectionRouteReportsAClosedBridgeWithoutSending(t *testing.T) {
	rec := &hcsmodifytest.Recorder{Disconnected: true}
	err := hcsmodify.ViaGuestConnection(rec).SendGuestRequest(context.Background(), guestRequest())
	assert.ErrorIs(t, err, netcore.ErrGuestUnavailable)
	assert.Empty(t, rec.Documents())
}

func TestRoutesWrapTransportErrors(t *testing.T) {
	for _, sentinel := range []error{netcore.ErrGuestUnavailable, netcore.ErrVMUnavailable, errors.New("access denied")} {
		rec := &hcsmodifytest.Recorder{Err: sentinel}
		for name, route := range map[string]hcsmodify.GuestRoute{
			"guest connection": hcsmodify.ViaGuestConnection(rec),
			"compute system":   hcsmodify.ViaComputeSystem(rec),
		} {
			err := route.SendGuestRequest(context.Background(), guestRequest())
			assert.ErrorIs(t, err, sentinel, name)
		}
	}
}

func TestRoutesWithoutTransportFailCleanly(t *testing.T) {
	for name, route := range map[string]hcsmodify.GuestRoute{
		"guest connection": hcsmodify.ViaGuestConnection(nil),
		"compute system":   hcsmodify.ViaComputeSystem(nil),
	} {
		err := route.SendGuestRequest(context.Background(), guestRequest())
		assert.True(t, errdefs.IsFailedPrecondition(err), "%s: %v", name, err)
	}
}

func TestEmptyFieldsAreOmitted(t *testing.T) {
	hcsmodifytest.AssertWire(t, &hcsmodify.GuestRequest{ResourceType: hcsmodify.ResourceTypeNetworkNamespace}, `{"ResourceType":"NetworkNamespace"}`)
	hcsmodifytest.AssertWire(t, &hcsmodify.ModifySettingRequest{}, `{}`)
}

func TestWireConstants(t *testing.T) {
	assert.Equal(t, "Add", string(hcsmodify.RequestTypeAdd))
	assert.Equal(t, "Remove", string(hcsmodify.RequestTypeRemove))
	assert.Equal(t, "Network", string(hcsmodify.ResourceTypeNetwork))
	assert.Equal(t, "NetworkNamespace", string(hcsmodify.ResourceTypeNetworkNamespace))
}
