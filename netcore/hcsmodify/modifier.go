package hcsmodify

import "context"

// Modifier sends one modify document to a compute system, or through it to
// the guest. The method has the shape of the Modify call of hcsshim's
// compute system and of its guest connection, so a shim passes either one
// as it is; tests pass a recorder.
//
// The document is the value to be JSON-encoded on the wire, for example a
// [*ModifySettingRequest].
//
// An implementation wraps [netcore.ErrVMUnavailable] when the Utility VM is
// gone and [netcore.ErrGuestUnavailable] when the guest connection is gone:
// the controller counts removals that fail that way as done, because what
// they would have removed went away with the VM or the guest.
type Modifier interface {
	Modify(ctx context.Context, config interface{}) error
}
