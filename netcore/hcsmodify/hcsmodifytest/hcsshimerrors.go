package hcsmodifytest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
)

// Errors of the shapes hcsshim v0.15.0's transports return, built without
// hcsshim (whose packages that define them are internal): a test hands
// them to a ready manager through [Recorder.Err] to see what the manager
// makes of the real thing, on any OS.

// HRESULTs the compute system reports, as hcsshim carries them: a
// syscall.Errno holding the 32-bit code.
const (
	// HRESULTSystemNotFound: the compute system does not exist.
	HRESULTSystemNotFound syscall.Errno = 0xc037010e
	// HRESULTAlreadyStopped: the compute system has stopped.
	HRESULTAlreadyStopped syscall.Errno = 0xc0370110
	// HRESULTOperationInvalidState: the compute system is in a state that
	// takes no changes (stopping, stopped).
	HRESULTOperationInvalidState syscall.Errno = 0xc0370105
	// HRESULTElementNotFound: ERROR_NOT_FOUND, which hcsshim counts as
	// "does not exist" and "already stopped".
	HRESULTElementNotFound syscall.Errno = 0x490
	// HRESULTProcessAlreadyStopped, which hcsshim counts as "already
	// stopped".
	HRESULTProcessAlreadyStopped syscall.Errno = 0x8037011f
	// HRESULTInvalidState: HCS_E_INVALID_STATE, the v2 API's "not valid in
	// the current state". The VM is still there: not a sign it is gone.
	HRESULTInvalidState syscall.Errno = 0x80370105
	// HRESULTAccessDenied: E_ACCESSDENIED's Win32 code, an ordinary failure.
	HRESULTAccessDenied syscall.Errno = 0x5
)

// HcsError has the shape of hcsshim's HcsError: the operation and the
// error HCS answered, which errors.Is and errors.Unwrap reach.
type HcsError struct {
	Op  string
	Err error
}

// Error says which operation failed and why, as hcsshim's does.
func (e *HcsError) Error() string { return e.Op + ": " + e.Err.Error() }

// Is lets errors.Is see through to Err, as hcsshim's does.
func (e *HcsError) Is(target error) bool { return errors.Is(e.Err, target) }

// Unwrap returns Err.
func (e *HcsError) Unwrap() error { return e.Err }

// SystemError has the shape of hcsshim's SystemError: an [HcsError] of
// one compute system.
type SystemError struct {
	HcsError
	ID string
}

// Error names the operation and the compute system, then the cause.
func (e *SystemError) Error() string { return e.Op + " " + e.ID + ": " + e.Err.Error() }

// ComputeSystemError returns what hcsshim's compute system Modify returns
// when HCS fails it with cause: a *SystemError for the compute system id.
func ComputeSystemError(id string, cause error) error {
	return &SystemError{ID: id, HcsError: HcsError{Op: "hcs::System::Modify", Err: cause}}
}

// hcsResult has the shape of hcsshim's HCS result document error, which
// the v2 compute system puts between the SystemError and the HRESULT.
type hcsResult struct {
	message string
	cause   error
}

func (r *hcsResult) Error() string { return r.cause.Error() }
func (r *hcsResult) Unwrap() error { return r.cause }

// WithResultDocument wraps hresult the way hcsshim's v2 compute system does
// when HCS also sent a result document with message.
func WithResultDocument(hresult syscall.Errno, message string) error {
	return &hcsResult{message: message, cause: hresult}
}

// ErrAlreadyClosedHCS and ErrAlreadyClosedHCSv2 stand for hcsshim's two
// closed-handle errors (internal/hcs and internal/hcs/v2): two distinct
// values with one text, returned by the compute system once the shim has
// closed its handle.
var (
	ErrAlreadyClosedHCS   = errors.New("hcsshim: the handle has already been closed")
	ErrAlreadyClosedHCSv2 = errors.New("hcsshim: the handle has already been closed")
)

// ErrBridgeClosed stands for hcsshim's gcs.ErrBridgeClosed, which wraps
// net.ErrClosed: the guest connection's answer once its bridge is down.
var ErrBridgeClosed = fmt.Errorf("bridge closed: %w", net.ErrClosed)

// BridgeKilled returns the guest connection's answer after its bridge
// died of cause: [ErrBridgeClosed] and cause, both in the chain.
func BridgeKilled(cause error) error {
	return fmt.Errorf("%w: %w", ErrBridgeClosed, cause)
}

// ErrGuestConnectionUnavailable stands for hcsshim's
// guestmanager.ErrGuestConnectionUnavailable: the guest manager has no
// connection (not yet made, or closed).
var ErrGuestConnectionUnavailable = errors.New("guest connection not initialized")

// GuestRPCError has the shape of the guest connection's answer when the
// guest agent failed a request: the agent's HRESULT, as a syscall.Errno
// under the message. The guest agent is alive.
type GuestRPCError struct {
	Result  uint32
	Message string
}

// Error carries the guest agent's own message.
func (e *GuestRPCError) Error() string { return "guest RPC failure: " + e.Message }

// Unwrap returns the agent's HRESULT.
func (e *GuestRPCError) Unwrap() error { return syscall.Errno(e.Result) }

// VMGoneErrors returns, by name, the errors hcsshim's compute system
// (named id) returns once the VM is gone, each as a shim may see it,
// sometimes wrapped again: everything hcsshim's controller counts as a
// gone VM at a removal. [VMStoppedErrors] are those that prove it at an
// add too; the others ([VMMaybeGoneErrors]) a live VM may answer.
func VMGoneErrors(id string) map[string]error {
	out := VMStoppedErrors(id)
	for name, err := range VMMaybeGoneErrors(id) {
		out[name] = err
	}
	return out
}

// VMStoppedErrors returns, by name, the errors of hcsshim's compute system
// (named id) that say the VM is gone whatever the call: not found,
// already stopped, a closed handle.
func VMStoppedErrors(id string) map[string]error {
	return map[string]error{
		"system not found":          ComputeSystemError(id, HRESULTSystemNotFound),
		"already stopped":           ComputeSystemError(id, HRESULTAlreadyStopped),
		"with a result document":    ComputeSystemError(id, WithResultDocument(HRESULTSystemNotFound, "The requested compute system was not found.")),
		"closed handle (hcs)":       ComputeSystemError(id, ErrAlreadyClosedHCS),
		"closed handle (hcs/v2)":    ComputeSystemError(id, ErrAlreadyClosedHCSv2),
		"wrapped again by the shim": fmt.Errorf("modify UVM %s: %w", id, ComputeSystemError(id, HRESULTAlreadyStopped)),
		"reported by Is alone":      IsOnly{ComputeSystemError(id, HRESULTSystemNotFound)},
	}
}

// VMMaybeGoneErrors returns, by name, the errors of hcsshim's compute
// system (named id) that hcsshim counts as a gone VM at a removal but a
// live VM may answer too: ERROR_NOT_FOUND, "operation invalid in this
// state", "process already stopped".
func VMMaybeGoneErrors(id string) map[string]error {
	return map[string]error{
		"operation invalid state": ComputeSystemError(id, HRESULTOperationInvalidState),
		"element not found":       ComputeSystemError(id, HRESULTElementNotFound),
		"process already stopped": ComputeSystemError(id, HRESULTProcessAlreadyStopped),
	}
}

// IsOnly is a wrapper a shim or a library may write: it reports its
// cause through an Is method and has no Unwrap, so only errors.Is
// semantics find the cause.
type IsOnly struct{ Cause error }

// Error is the cause's message.
func (e IsOnly) Error() string { return e.Cause.Error() }

// Is reports whether the cause is target, by errors.Is.
func (e IsOnly) Is(target error) bool { return errors.Is(e.Cause, target) }

// GuestGoneErrors returns, by name, the errors hcsshim's guest connection
// and guest manager return once the bridge is down (the guest agent died,
// or the VM with it).
func GuestGoneErrors() map[string]error {
	return map[string]error{
		"bridge closed":                         ErrBridgeClosed,
		"bridge killed mid-call":                BridgeKilled(io.ErrUnexpectedEOF),
		"bridge killed, wrapped again":          fmt.Errorf("failed to remove network interface: %w", BridgeKilled(io.EOF)),
		"guest connection unavailable":          ErrGuestConnectionUnavailable,
		"guest connection unavailable, wrapped": fmt.Errorf("guest RPC: %w", ErrGuestConnectionUnavailable),
	}
}

// OrdinaryErrors returns, by name, errors that do not mean the VM or the
// guest is gone, from either transport of the compute system id: the call
// failed and may be retried.
func OrdinaryErrors(id string) map[string]error {
	return map[string]error{
		"HCS_E_INVALID_STATE":        ComputeSystemError(id, HRESULTInvalidState),
		"access denied":              ComputeSystemError(id, HRESULTAccessDenied),
		"guest agent refused":        &GuestRPCError{Result: 0x80070057, Message: "invalid argument"},
		"closed-handle text, quoted": fmt.Errorf("retry after %q", ErrAlreadyClosedHCS.Error()),
		"timeout":                    ComputeSystemError(id, errors.New("hcsshim: timeout waiting for notification")),
	}
}
