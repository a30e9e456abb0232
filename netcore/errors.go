package netcore

import "errors"

// ErrGuestUnavailable is wrapped by guest managers when the connection to
// the guest agent is gone (bridge closed, guest crashed). A removal that
// fails with it counts as done: whatever the guest held is gone with it.
var ErrGuestUnavailable = errors.New("guest connection unavailable")

// ErrVMUnavailable is wrapped by VM network managers when the Utility VM no
// longer exists or is stopped. A hot-remove that fails with it counts as
// done: the NIC went away with the VM.
var ErrVMUnavailable = errors.New("utility VM unavailable")
