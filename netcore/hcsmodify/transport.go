package hcsmodify

import "context"

// ComputeSystem is the Utility VM's compute system: the object a shim asks
// HCS, by a modify document, to change the VM. Its Modify takes an HCS
// modify document ([ModifySettingRequest]).
//
// Implemented by the shim's compute system handle (hcsshim's compute
// system type has exactly these two methods); tests pass
// [hcsmodifytest.Recorder]. ID names the compute system in errors, and its
// presence keeps a guest connection, which has no ID, from being passed
// where a compute system is meant.
//
// Modify may answer with hcsshim's own errors: the ready managers over a
// compute system ([NewVMNetwork], the legacy guest route) read a gone VM
// from them (the compute system's "not found" and "already stopped"
// HRESULTs, a closed handle, and, at a removal only, "element not found",
// "invalid state" and "process already stopped") and wrap
// [netcore.ErrVMUnavailable] around them. A compute system of the shim's
// own may wrap netcore.ErrVMUnavailable itself, which is passed through.
type ComputeSystem interface {
	ID() string
	Modify(ctx context.Context, config interface{}) error
}

// GuestConnection is the shim's connection to the guest agent (the GCS
// bridge). Its Modify takes a bare guest request ([GuestRequest]) and
// sends it to the guest as the request of a modify-settings message.
//
// Implemented by the shim's guest connection (hcsshim's guest connection
// type has both methods); tests pass [hcsmodifytest.Recorder].
// IsBridgeConnected lets a ready guest manager report a closed bridge as
// [netcore.ErrGuestUnavailable] without sending, and its presence keeps a
// compute system, which has no bridge, from being passed where a guest
// connection is meant.
//
// Modify may answer with hcsshim's own errors: the ready guest managers
// read a closed bridge from them (net.ErrClosed, which hcsshim's
// bridge-closed error wraps, or the guest manager's "no connection") and
// wrap [netcore.ErrGuestUnavailable] around them. The guest agent's own
// answers (HRESULTs) say nothing about the VM and stay failures. A guest
// connection of the shim's own may wrap netcore's sentinels itself, which
// are passed through.
type GuestConnection interface {
	Modify(ctx context.Context, request interface{}) error
	IsBridgeConnected() bool
}
