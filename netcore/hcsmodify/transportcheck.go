package hcsmodify

import (
	"errors"
	"reflect"

	"github.com/uvmnet/uvmnet/netcore"
)

// missing reports whether a transport is absent: nil, or a nil pointer
// (or other nil reference) in the interface, as a shim that never opened
// its compute system or guest connection passes. Either would panic at
// the first call. The constructors ask once, so what they hand out never
// needs asking again.
func missing(transport any) bool {
	if transport == nil {
		return true
	}
	switch r := reflect.ValueOf(transport); r.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface:
		return r.IsNil()
	}
	return false
}

var (
	errNoComputeSystem   = errors.New("no compute system (nil ComputeSystem)")
	errNoGuestConnection = errors.New("no guest connection (nil GuestConnection)")
	errNoRoute           = errors.New("no guest route")
)

var (
	_ netcore.Validator = (*VMNetwork)(nil)
	_ netcore.Validator = guestConnectionRoute{}
	_ netcore.Validator = computeSystemRoute{}
)

// Validate implements [netcore.Validator]: it reports a VMNetwork built
// over no compute system, which netcore.New then refuses.
func (v *VMNetwork) Validate() error {
	if v == nil || v.cs == nil {
		return errNoComputeSystem
	}
	return nil
}

// Validate reports a route over no guest connection.
func (r guestConnectionRoute) Validate() error {
	if r.conn == nil {
		return errNoGuestConnection
	}
	return nil
}

// Validate reports a route over no compute system.
func (r computeSystemRoute) Validate() error {
	if r.cs == nil {
		return errNoComputeSystem
	}
	return nil
}

// CheckRoute reports a guest route that cannot deliver anything: nil, or
// built over a missing transport. The ready guest managers of netlcow and
// netwcow answer [netcore.Validator] with it.
func CheckRoute(r GuestRoute) error {
	if r == nil {
		return errNoRoute
	}
	if v, ok := r.(netcore.Validator); ok {
		return v.Validate()
	}
	return nil
}
