package hcsmodify

import (
	"errors"
	"fmt"
	"net"
	"syscall"

	"github.com/uvmnet/uvmnet/netcore"
)

// A ready manager classifies what its transport returns, so that a shim
// passing hcsshim's compute system and guest connection as they are gets
// netcore's error contract without writing a classifier: an error that
// says the VM or the guest is gone comes back wrapping
// netcore.ErrVMUnavailable or netcore.ErrGuestUnavailable, with the
// transport's own error still in the chain (errors.As and errors.Is reach
// it as before).
//
// The signs are matched by value, never by importing hcsshim: an HRESULT
// is a syscall.Errno anywhere in the chain, a closed connection is
// net.ErrClosed. Two of hcsshim's signs are plain errors.New values in
// internal packages, which nothing outside hcsshim can name; they are
// matched by their exact text, and only on an error that wraps nothing
// (what errors.New makes), so a message that merely quotes the text does
// not match. hcsshim has two such closed-handle values (internal/hcs and
// internal/hcs/v2) with one text, and a text match is the only test that
// recognises both. The check module checks/hcsshimadopt reads hcsshim's
// source and fails when a value or text here stops being hcsshim's.
//
// Each transport has its own rows, as hcsshim's own network controller
// has: the compute system's errors are tested for a gone VM, the guest
// connection's for a closed bridge. The guest connection also carries
// HRESULTs, the guest agent's answers to a request, and those never mean
// the VM is gone.

// transport says which transport an error came from.
type transport uint8

const (
	fromComputeSystem transport = iota + 1
	fromGuestConnection
)

// goneSign is one row of the table: how one transport says that the VM or
// the guest is gone, and which of netcore's sentinels that means. Exactly
// one of errno, is and text is set.
type goneSign struct {
	from transport
	// name says what the sign is, in errors.
	name string
	// errno matches that HRESULT by errors.Is: anywhere in the chain, or
	// reported by an error's own Is method, as hcsshim tests it.
	errno syscall.Errno
	// is matches by errors.Is.
	is error
	// text matches an error in the chain that wraps nothing and whose
	// message is exactly text.
	text string
	// removalOnly marks a sign that does not prove the VM gone: hcsshim
	// counts it as gone when a removal meets it, and so do the ready
	// managers; an add that meets it is an ordinary failure, so a shim
	// never reads "VM unavailable" from a VM that may be alive.
	removalOnly bool
	means       error
}

// goneSigns is everything the ready managers count as gone: exactly what
// hcsshim v0.15.0's network controller counts (vmutils.IsVMNotAvailableError
// over internal/hcs/v2 on the VM; gcs.ErrBridgeClosed and
// guestmanager.ErrGuestConnectionUnavailable in the guest). Not
// HCS_E_INVALID_STATE (0x80370105): the VM is still there and refused one
// request, so the NIC may still be attached.
var goneSigns = []goneSign{
	// hcs.ErrComputeSystemDoesNotExist: the compute system was deleted.
	{from: fromComputeSystem, name: "compute system not found", errno: 0xc037010e, means: netcore.ErrVMUnavailable},
	// hcs.ErrElementNotFound (ERROR_NOT_FOUND), which hcsshim counts as
	// both "does not exist" and "already stopped"; it can mean many other
	// things, so only at a removal.
	{from: fromComputeSystem, name: "element not found", errno: 0x490, removalOnly: true, means: netcore.ErrVMUnavailable},
	// hcs.ErrVmcomputeAlreadyStopped: the VM has stopped.
	{from: fromComputeSystem, name: "already stopped", errno: 0xc0370110, means: netcore.ErrVMUnavailable},
	// hcs.ErrProcessAlreadyStopped, part of hcsshim's "already stopped";
	// about a process, not the VM, so only at a removal.
	{from: fromComputeSystem, name: "process already stopped", errno: 0x8037011f, removalOnly: true, means: netcore.ErrVMUnavailable},
	// hcs.ErrVmcomputeOperationInvalidState: the VM is in a state that
	// takes no further changes (stopping, stopped), or one that takes
	// none yet: only at a removal.
	{from: fromComputeSystem, name: "operation invalid in this state", errno: 0xc0370105, removalOnly: true, means: netcore.ErrVMUnavailable},
	// hcs.ErrAlreadyClosed, from internal/hcs and internal/hcs/v2 alike: the
	// shim closed its handle to the compute system.
	{from: fromComputeSystem, name: "handle already closed", text: "hcsshim: the handle has already been closed", means: netcore.ErrVMUnavailable},
	// gcs.ErrBridgeClosed wraps net.ErrClosed, alone or with the cause that
	// killed the bridge.
	{from: fromGuestConnection, name: "bridge closed", is: net.ErrClosed, means: netcore.ErrGuestUnavailable},
	// guestmanager.ErrGuestConnectionUnavailable: the shim's guest manager
	// has no connection (not yet made, or closed).
	{from: fromGuestConnection, name: "no guest connection", text: "guest connection not initialized", means: netcore.ErrGuestUnavailable},
}

// callKind says whether the call that failed was a removal, where every
// sign of its transport counts, or an add, where only the certain ones do.
type callKind bool

const (
	addCall    callKind = false
	removeCall callKind = true
)

// classifyGone returns err saying what was observed: the HRESULT it
// carries, if any, named when it is a sign of the table, and, when the
// sign counts for this call, the netcore sentinel it means, with err itself
// still in the chain. It returns err unchanged when it is nil or already
// wraps a sentinel.
func classifyGone(from transport, call callKind, err error) error {
	if err == nil || errors.Is(err, netcore.ErrVMUnavailable) || errors.Is(err, netcore.ErrGuestUnavailable) {
		return err
	}
	for i := range goneSigns {
		sign := &goneSigns[i]
		if sign.from != from || !sign.matches(err) {
			continue
		}
		if sign.removalOnly && call == addCall {
			return fmt.Errorf("%s (%s; %s): %w", observed(from, sign.errno), sign.name, addNotGone, err)
		}
		return fmt.Errorf("%s (%s), %w: %w", observed(from, sign.observedErrno(err)), sign.name, sign.means, err)
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Errorf("%s: %w", observed(from, errno), err)
	}
	return err
}

// addNotGone says why a removal-only sign met at an add is not called a
// gone VM.
const addNotGone = "not taken to mean the VM is gone when adding"

// observed names what the transport answered: the HRESULT, when there is
// one, and which side spoke.
func observed(from transport, errno syscall.Errno) string {
	who := "compute system"
	if from == fromGuestConnection {
		who = "guest connection"
	}
	if errno == 0 {
		return who + " answered"
	}
	return fmt.Sprintf("%s answered HRESULT 0x%08x", who, uint32(errno))
}

// observedErrno is the HRESULT a matched sign saw: its own for an errno
// row, else one the chain carries, if any.
func (s *goneSign) observedErrno(err error) syscall.Errno {
	if s.errno != 0 {
		return s.errno
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return 0
}

// matches reports whether err, or an error it wraps, shows the sign.
func (s *goneSign) matches(err error) bool {
	switch {
	case s.errno != 0:
		return errors.Is(err, s.errno)
	case s.is != nil:
		return errors.Is(err, s.is)
	}
	return anyInChain(err, func(e error) bool {
		return wrapsNothing(e) && e.Error() == s.text
	})
}

// anyInChain reports whether match holds for err or any error in its tree
// (both Unwrap forms), depth first.
func anyInChain(err error, match func(error) bool) bool {
	if err == nil {
		return false
	}
	if match(err) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return anyInChain(u.Unwrap(), match)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if anyInChain(e, match) {
				return true
			}
		}
	}
	return false
}

// wrapsNothing reports whether err is a leaf of its chain.
func wrapsNothing(err error) bool {
	switch err.(type) {
	case interface{ Unwrap() error }, interface{ Unwrap() []error }:
		return false
	}
	return true
}
