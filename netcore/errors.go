package netcore

import "errors"

// The error contract between the controller and its managers.
//
// A manager (VM, guest, or the transport under a ready manager) wraps one
// of two sentinels when the other side is gone, and otherwise returns any
// error it likes:
//
//	wrap                 when                                    a removal that fails so
//	ErrVMUnavailable     the Utility VM is stopped, crashed or   counts as done for the side that
//	                     deleted (from either transport)         answered: a gone VM took its guest
//	                                                             along
//	ErrGuestUnavailable  the guest connection is closed (bridge  counts as done in the guest only
//	                     closed, guest agent crashed)
//	anything else        the call failed                         is a failure: the NIC stays where it
//	                                                             is and Teardown can be retried
//
// A guest removal's answer never excuses the VM's hot-remove, whatever it
// wraps: the hot-remove is still made and its own answer decides, as
// hcsshim's controller lets RemoveNIC's answer decide after the guest
// step (internal/controller/network/network_lcow.go,
// removeEndpointFromGuestNamespace). A VM that really is gone answers that
// call with ErrVMUnavailable, so the call costs nothing.
//
// "A removal" is every undo step: a guest NIC removal, the VM hot-remove,
// the guest namespace removal, whether Teardown, a hot-plug removal or
// rollback, or a migration reset makes it. An add that fails with either
// sentinel is a failure like any other. The transport is free to be one
// object for both the VM and the guest: that is why a guest step accepts
// ErrVMUnavailable.
var (
	// ErrGuestUnavailable is wrapped when the connection to the guest agent
	// is gone.
	ErrGuestUnavailable = errors.New("guest connection unavailable")
	// ErrVMUnavailable is wrapped when the Utility VM no longer exists or
	// is stopped.
	ErrVMUnavailable = errors.New("utility VM unavailable")
)

// guestGone reports whether a guest removal that failed with err counts as
// done: the guest, or the VM it lived in, is gone.
func guestGone(err error) bool {
	return errors.Is(err, ErrGuestUnavailable) || errors.Is(err, ErrVMUnavailable)
}

// vmGone reports whether a VM removal that failed with err counts as done.
func vmGone(err error) bool {
	return errors.Is(err, ErrVMUnavailable)
}
