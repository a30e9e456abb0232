package hcsmodify_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
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
	out := computeSystemRemovers()
	for how, send := range computeSystemAdders() {
		out[how] = send
	}
	return out
}

func computeSystemAdders() map[string]sendOver {
	return map[string]sendOver{
		"VMNetwork.AddNIC": func(err error) error {
			return hcsmodify.NewVMNetwork(&hcsmodifytest.Recorder{Err: err}).AddNIC(context.Background(), nicID, adapter())
		},
		"ViaComputeSystem/Add": func(err error) error {
			return hcsmodify.ViaComputeSystem(&hcsmodifytest.Recorder{Err: err}).SendGuestRequest(context.Background(), guestRequest())
		},
	}
}

func computeSystemRemovers() map[string]sendOver {
	return map[string]sendOver{
		"VMNetwork.RemoveNIC": func(err error) error {
			return hcsmodify.NewVMNetwork(&hcsmodifytest.Recorder{Err: err}).RemoveNIC(context.Background(), nicID, adapter())
		},
		"ViaComputeSystem/Remove": func(err error) error {
			req := guestRequest()
			req.RequestType = hcsmodify.RequestTypeRemove
			return hcsmodify.ViaComputeSystem(&hcsmodifytest.Recorder{Err: err}).SendGuestRequest(context.Background(), req)
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

// At a removal every sign hcsshim's controller counts is a gone VM.
func TestComputeSystemVMGoneErrorsMeanVMUnavailable(t *testing.T) {
	for how, send := range computeSystemRemovers() {
		for name, gone := range hcsmodifytest.VMGoneErrors("uvm-1") {
			t.Run(how+"/"+name, func(t *testing.T) {
				assertClassified(t, send(gone), gone, netcore.ErrVMUnavailable)
			})
		}
	}
	for how, send := range computeSystemAdders() {
		for name, gone := range hcsmodifytest.VMStoppedErrors("uvm-1") {
			t.Run(how+"/"+name, func(t *testing.T) {
				assertClassified(t, send(gone), gone, netcore.ErrVMUnavailable)
			})
		}
	}
}

// An add answered with a sign a live VM may give (0x490, 0xc0370105,
// 0x8037011f) fails without calling the VM unavailable, and says what
// was observed: the HRESULT and the call.
func TestAddAnsweredByAnAmbiguousSignIsNotCalledVMUnavailable(t *testing.T) {
	for how, send := range computeSystemAdders() {
		for name, answer := range hcsmodifytest.VMMaybeGoneErrors("uvm-1") {
			t.Run(how+"/"+name, func(t *testing.T) {
				err := send(answer)
				assertNotGone(t, err, answer)
				assert.NotContains(t, err.Error(), netcore.ErrVMUnavailable.Error())
				var errno syscall.Errno
				require.ErrorAs(t, err, &errno)
				assert.Contains(t, err.Error(), fmt.Sprintf("HRESULT 0x%08x", uint32(errno)))
				assert.Contains(t, err.Error(), "add", "the error names the call")
			})
		}
	}
}

// Gone-ness is tested with errors.Is semantics, as hcsshim tests it: a
// wrapper that reports the HRESULT through its own Is method, with no
// Unwrap, is read like the HRESULT itself.
func TestGoneSignsMatchByErrorsIsSemantics(t *testing.T) {
	gone := hcsmodifytest.IsOnly{Cause: hcsmodifytest.HRESULTSystemNotFound}
	for how, send := range computeSystemSenders() {
		t.Run(how, func(t *testing.T) {
			err := send(gone)
			assert.ErrorIs(t, err, netcore.ErrVMUnavailable)
			assert.Contains(t, err.Error(), "HRESULT 0xc037010e")
		})
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
