package simworld

import (
	"context"
	"strings"
)

// Manager says which of netcore's managers a call goes to: it decides
// what "gone" means for the call.
type Manager int

// The managers, one per collaborator of the controller.
const (
	HostCall  Manager = iota // a read of HCN: netcore.HostNetwork
	VMCall                   // a NIC hot-add or hot-remove on the VM
	GuestCall                // a request to the guest
)

// Call is one call the world received.
type Call struct {
	Manager Manager
	// Site names the operation: "vm.AddNIC", "host.GetEndpointByID".
	Site string
	// Subject is what the call is about: a NIC, endpoint or namespace ID.
	Subject string
	// Args is what else identifies the call: the endpoint behind a NIC
	// and, for a hot-add, its MAC.
	Args []string
}

// Key names the call within one operation: no operation makes the same
// call about the same thing twice, except to roll back.
func (c Call) Key() string { return c.Site + " " + c.Subject }

// Line is the call spelled out with its arguments, as one line.
func (c Call) Line() string {
	return strings.Join(append([]string{c.Site, c.Subject}, c.Args...), " ")
}

// String returns the call's [Call.Key], so that a failing test prints the
// call as the fault tables name it.
func (c Call) String() string { return c.Key() }

// Calls returns the calls received so far.
func (w *World) Calls() []Call {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Call(nil), w.calls...)
}

// TakeCalls returns the calls received since the last take.
func (w *World) TakeCalls() []Call {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.calls
	w.calls = nil
	return c
}

// Interceptor injects faults. Both methods run under the world's lock, so
// they must not call the world; they may panic, as a manager with a bug
// would.
type Interceptor interface {
	// Enter sees each call once it is recorded, before it runs, and
	// decides its fate.
	Enter(ctx context.Context, c Call) Verdict
	// Leave sees each call once it has run (or was refused).
	Leave(c Call)
}

// Verdict is an interceptor's decision about one call.
type Verdict struct {
	// Stop stops the VM or the guest before the call runs; the call then
	// fails as unavailable, if it goes to what stopped.
	Stop Stop
	// Err, when set, fails the call with it.
	Err error
}

// Stop says what an interceptor stops.
type Stop int

// What an interceptor may stop.
const (
	StopNothing Stop = iota // nothing: the call goes on as the verdict says
	StopGuest               // the guest connection: guest calls fail as gone
	StopVM                  // the VM: the guest goes with it
)
