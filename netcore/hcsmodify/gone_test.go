package hcsmodify_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// sendOver is one way a ready manager reaches a transport that answers
// with err: the VM NIC manager and the legacy guest route over the
// compute system, the guest route over the guest connection.
type sendOver func(err error) error

func computeSystemSenders() map[string]sendOver {
	return map[string]sendOver{
		"VMNetwork.AddNIC": func(err error) error {
			return hcsmodify.NewVMNetwork(&hcsmodifytest.Recorder{Err: err}).AddNIC(context.Background(), nicID, adapter())
		},
		"VMNetwork.RemoveNIC": func(err error) error {
			return hcsmodify.NewVMNetwork(&hcsmodifytest.Recorder{Err: err}).RemoveNIC(context.Background(), nicID, adapter())
		},
		"ViaComputeSystem": func(err error) error {
			return hcsmodify.ViaComputeSystem(&hcsmodifytest.Recorder{Err: err}).SendGuestRequest(context.Background(), guestRequest())
		},
	}
}

func sendOnGuestConnection(err error) error {
	return hcsmodify.ViaGuestConnection(&hcsmodifytest.Recorder{Err: err}).SendGuestRequest(context.Background(), guestRequest())
}

// assertClassified checks that got says what want means and still carries
// the transport's own error, unchanged.
func assertClassified(t *testing.T, got, transportErr, want error) {
	t.Helper()
	require.Error(t, got)
	assert.ErrorIs(t, got, want)
	assert.ErrorIs(t, got, transportErr, "the transport's error stays in the chain")
	assert.Contains(t, got.Error(), transportErr.Error())
	var sysErr *hcsmodifytest.SystemError
	assert.Equal(t, errors.As(transportErr, &sysErr), errors.As(got, &sysErr), "errors.As reaches the transport's error type as before")
}

func assertNotGone(t *testing.T, got, transportErr error) {
	t.Helper()
	require.Error(t, got)
	assert.ErrorIs(t, got, transportErr)
	assert.NotErrorIs(t, got, netcore.ErrVMUnavailable)
	assert.NotErrorIs(t, got, netcore.ErrGuestUnavailable)
}

func TestComputeSystemVMGoneErrorsMeanVMUnavailable(t *testing.T) {
	for how, send := range computeSystemSenders() {
		for name, gone := range hcsmodifytest.VMGoneErrors("uvm-1") {
			t.Run(how+"/"+name, func(t *testing.T) {
				assertClassified(t, send(gone), gone, netcore.ErrVMUnavailable)
			})
		}
	}
}

func TestGuestConnectionClosedBridgeMeansGuestUnavailable(t *testing.T) {
	for name, gone := range hcsmodifytest.GuestGoneErrors() {
		t.Run(name, func(t *testing.T) {
			err := sendOnGuestConnection(gone)
			assertClassified(t, err, gone, netcore.ErrGuestUnavailable)
			assert.NotErrorIs(t, err, netcore.ErrVMUnavailable, "a closed bridge says nothing about the VM")
			if errors.Is(gone, net.ErrClosed) {
				assert.ErrorIs(t, err, net.ErrClosed)
			}
		})
	}
}

func TestOrdinaryErrorsStayFailures(t *testing.T) {
	senders := computeSystemSenders()
	senders["ViaGuestConnection"] = sendOnGuestConnection
	for how, send := range senders {
		for name, plain := range hcsmodifytest.OrdinaryErrors("uvm-1") {
			t.Run(how+"/"+name, func(t *testing.T) {
				assertNotGone(t, send(plain), plain)
			})
		}
	}
}

// Each transport is read for its own signs only: the guest connection
// carries the guest agent's HRESULTs, which say nothing about the VM, and
// a compute system never answers with a closed bridge.
func TestEachTransportReadsOnlyItsOwnSigns(t *testing.T) {
	agentAnswer := &hcsmodifytest.GuestRPCError{Result: uint32(hcsmodifytest.HRESULTSystemNotFound), Message: "not found"}
	assertNotGone(t, sendOnGuestConnection(agentAnswer), agentAnswer)
	for name, gone := range hcsmodifytest.VMGoneErrors("uvm-1") {
		t.Run("ViaGuestConnection/"+name, func(t *testing.T) {
			assertNotGone(t, sendOnGuestConnection(gone), gone)
		})
	}
	for how, send := range computeSystemSenders() {
		for name, gone := range hcsmodifytest.GuestGoneErrors() {
			t.Run(how+"/"+name, func(t *testing.T) {
				assertNotGone(t, send(gone), gone)
			})
		}
	}
}

// A transport of the shim's own that already says gone in netcore's terms
// is passed through as it is.
func TestSentinelsPassThroughUnchanged(t *testing.T) {
	for _, sentinel := range []error{netcore.ErrVMUnavailable, netcore.ErrGuestUnavailable} {
		err := sendOnGuestConnection(sentinel)
		assert.Same(t, sentinel, err)
	}
}
