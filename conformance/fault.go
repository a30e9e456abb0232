package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
)

// FaultKind is what goes wrong at an injected fault.
type FaultKind int

// The faults the suite injects.
const (
	// FaultError fails the call with a plain error.
	FaultError FaultKind = iota
	// FaultGuestGone kills the guest at the call: it and every later guest
	// call fail wrapping netcore.ErrGuestUnavailable, and whatever the
	// guest held is gone. Injected at guest calls.
	FaultGuestGone
	// FaultVMGone stops the VM at the call: VM calls fail wrapping
	// netcore.ErrVMUnavailable, guest calls netcore.ErrGuestUnavailable,
	// and every NIC is gone. Injected at VM and guest calls.
	FaultVMGone
	// FaultCancel cancels the operation's context just before the call, so
	// the call must never be made; aimed at a call by key (Fault.Call), it
	// cancels while the call is in flight and the call fails with it.
	// Injected at every call.
	FaultCancel
)

var faultNames = [...]string{"error", "guest-gone", "vm-gone", "cancel"}

func (k FaultKind) String() string { return faultNames[k] }

// errInjected is the cause behind every FaultError.
var errInjected = errors.New("injected fault")

// Fault is one injected fault: its kind and the call it hits among the
// calls of the operation it is armed for, by index (At, from 0) or, where
// several calls are in flight at once and the index varies between runs,
// by what the call is (Call: its site and subject, "vm.AddNIC <nic-id>").
type Fault struct {
	Kind FaultKind
	At   int
	// Call, when set, picks the call by key instead of by index. A
	// cancellation then lands while that call is in flight: the call fails
	// with the cancelled context, and calls already in flight elsewhere
	// may still complete.
	Call string
	// Site is filled in when the fault fires: the call site it hit.
	Site string
	// on is the manager the faulted call goes to, which decides what a
	// gone VM looks like there.
	on callKind
}

func (f Fault) String() string {
	if f.Call != "" {
		return fmt.Sprintf("%s at %s", f.Kind, f.Call)
	}
	return fmt.Sprintf("%s at call %d", f.Kind, f.At)
}

// Cause is the error an operation hit by f must wrap.
func (f Fault) Cause() error {
	switch f.Kind {
	case FaultGuestGone:
		return netcore.ErrGuestUnavailable
	case FaultVMGone:
		// A guest call cannot see the VM: it sees its guest connection drop.
		if f.on == guestCall {
			return netcore.ErrGuestUnavailable
		}
		return netcore.ErrVMUnavailable
	case FaultCancel:
		return context.Canceled
	}
	return errInjected
}

// gone reports whether the fault means something disappeared: a controller
// counts removals from what is gone as done.
func (f Fault) gone() bool { return f.Kind == FaultGuestGone || f.Kind == FaultVMGone }

// faultsFor lists every fault applicable to a call of the given kind at
// index i.
func faultsFor(kind callKind, i int) []Fault {
	kinds := []FaultKind{FaultError, FaultCancel}
	switch kind {
	case guestCall:
		kinds = append(kinds, FaultGuestGone, FaultVMGone)
	case vmCall:
		kinds = append(kinds, FaultVMGone)
	}
	out := make([]Fault, len(kinds))
	for j, k := range kinds {
		out[j] = Fault{Kind: k, At: i, on: kind}
	}
	return out
}

// kindOf tells a recorded call site's manager from its name.
func kindOf(site string) callKind {
	switch {
	case strings.HasPrefix(site, "vm."):
		return vmCall
	case strings.HasPrefix(site, "guest."):
		return guestCall
	}
	return hostCall
}
