package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
)

// faultKind is what goes wrong at an injected fault.
type faultKind int

// The faults the suite injects.
const (
	// faultError fails the call with a plain error.
	faultError faultKind = iota
	// faultGuestGone kills the guest at the call: it and every later guest
	// call fail wrapping netcore.ErrGuestUnavailable, and whatever the
	// guest held is gone. Injected at guest calls.
	faultGuestGone
	// faultVMGone stops the VM at the call: VM calls fail wrapping
	// netcore.ErrVMUnavailable, guest calls netcore.ErrGuestUnavailable,
	// and every NIC is gone. Injected at VM and guest calls.
	faultVMGone
	// faultCancel cancels the operation's context just before the call, so
	// the call must never be made; aimed at a call by key (its Call), it
	// cancels while the call is in flight and the call fails with it.
	// Injected at every call.
	faultCancel
	// faultPanic makes the manager panic at the call, with an
	// [injectedPanic]. The panic must reach the caller of the operation,
	// the controller must be Invalid with every NIC still tracked, and
	// Teardown must then leave nothing. It is injected wherever the call
	// runs, on a goroutine of the controller's own too: a controller that
	// does not carry such a panic back to its caller ends the test binary,
	// which is the failure it would cause in a shim.
	faultPanic
)

var faultNames = [...]string{"error", "guest-gone", "vm-gone", "cancel", "panic"}

// injectedPanic is the value a manager panics with at a faultPanic.
type injectedPanic struct {
	// Site and Subject name the call: "vm.AddNIC" and its NIC ID.
	Site, Subject string
}

func (p injectedPanic) String() string { return "injected panic at " + p.Site + " " + p.Subject }

func (k faultKind) String() string { return faultNames[k] }

// errInjected is the cause behind every faultError.
var errInjected = errors.New("injected fault")

// injection is one injected fault: its kind and the call it hits among the
// calls of the operation it is armed for, by index (At, from 0) or, where
// several calls are in flight at once and the index varies between runs,
// by what the call is (Call: its site and subject, "vm.AddNIC <nic-id>").
type injection struct {
	Kind faultKind
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
	// sharedVM says the guest is reached through the VM's own transport
	// (the legacy wire route), so a guest call sees the VM gone as such.
	sharedVM bool
	// then, when set, is armed once this fault fired: a second fault, at
	// the then.At-th call after this one (or at then.Call).
	then *injection
	// shape, when set, is what the wire transport answers the faulted
	// call with, one of hcsshim's error shapes (see wire_gone.go), in
	// place of its usual answer.
	shape *wireShape
}

func (f injection) String() string {
	at := fmt.Sprintf("%s at call %d", f.Kind, f.At)
	if f.Call != "" {
		at = fmt.Sprintf("%s at %s", f.Kind, f.Call)
	}
	if f.then != nil {
		at += ", then " + f.then.String()
	}
	return at
}

// kinds names the fault's kind, and its chain's: "error", "error+error".
func (f injection) kinds() string {
	k := f.Kind.String()
	if f.shape != nil {
		k += "[" + f.shape.name + "]"
	}
	if f.then != nil {
		return k + "+" + f.then.kinds()
	}
	return k
}

// Cause is the error an operation hit by f must wrap.
func (f injection) Cause() error {
	switch f.Kind {
	case faultGuestGone:
		return netcore.ErrGuestUnavailable
	case faultVMGone:
		// Through the simulator's guest manager or the guest connection, a
		// guest call cannot see the VM: it sees its guest connection drop.
		// On the legacy wire route the guest request goes to the VM's
		// compute system, which reports the VM gone.
		if f.on == guestCall && !f.sharedVM {
			return netcore.ErrGuestUnavailable
		}
		return netcore.ErrVMUnavailable
	case faultCancel:
		return context.Canceled
	}
	return errInjected
}

// gone reports whether the fault means something disappeared: a controller
// counts removals from what is gone as done.
func (f injection) gone() bool { return f.Kind == faultGuestGone || f.Kind == faultVMGone }

// faultsFor lists every fault applicable to a call of the given kind at
// index i.
func faultsFor(kind callKind, i int) []injection {
	kinds := []faultKind{faultError, faultCancel}
	switch kind {
	case guestCall:
		kinds = append(kinds, faultGuestGone, faultVMGone)
	case vmCall:
		kinds = append(kinds, faultVMGone)
	}
	out := make([]injection, len(kinds))
	for j, k := range kinds {
		out[j] = injection{Kind: k, At: i, on: kind}
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

// The fault matrix: for every call an operation makes, one run per fault
// that can happen there (a plain error, the guest or the VM gone, the
// context cancelled), each on a fresh simulator. The operation must fail
// wrapping the fault's cause (or, for a removal from something gone,
// succeed), leave the state the table prescribes, and a later Teardown must
// leave nothing attached, removing nothing twice.
//
// With Concurrency 1 the calls come in one order, and a fault is aimed at
// the i-th call; a cancellation lands just before it, so it must never be
// made. With calls in flight at once the order varies between runs, so a
// fault is aimed at the call itself (its site and its NIC, endpoint or
// namespace), and a cancellation lands while that call is in flight.

// callsOf runs op (see operation) on a fresh pod and returns that pod and
// the calls op made, which the matrix then faults one by one. The
// fault-free run must do op's whole job, so that a controller that skips
// calls (a Teardown that removes nothing) fails here rather than passing
// a matrix with fewer faults; an op that had nothing to do and made no
// call leaves nothing to fault, and the scenario is not applicable.
func (m matrixPoint) callsOf(r *reporter, b binding, op string) (*simPod, []simCall) {
	prepare, run := m.operation(op)
	sp := m.newSimPod(r, b)
	if err := prepare(sp); err != nil {
		r.Fatalf("fault-free run, before %s: %v", op, err)
	}
	sp.sim.world.TakeCalls()
	if err := run(sp); err != nil {
		r.Fatalf("fault-free %s: %v", op, err)
	}
	sp.checkViolations(r, "fault-free "+op)
	calls := sp.sim.world.TakeCalls()
	var want []string
	switch op {
	case "setup":
		want = sp.fixture.endpointIDs()
		slices.Sort(want)
	case "teardown":
		if left := sp.sim.world.Attached(); left != "" {
			r.Fatalf("fault-free teardown made %d calls and left attached: %s; there is nothing to fault where the contract requires calls", len(calls), left)
		}
	default:
		want = sp.hotPlug.want
	}
	if got := sp.sim.world.VMEndpoints(); op != "teardown" && !slices.Equal(got, want) {
		r.Fatalf("fault-free %s made %d calls and left the VM carrying %v; the contract requires %v", op, len(calls), got, want)
	}
	if len(calls) == 0 {
		r.notApplicable("the fault-free " + op + " had nothing to do and made no call: nothing to fault")
	}
	return sp, calls
}

// faultsAt lists the faults the matrix injects at call, the i-th of the
// fault-free run: by index with Concurrency 1, by key above.
func (m matrixPoint) faultsAt(call simCall, i int) []injection {
	all := faultsFor(kindOf(call.Site), i)
	for j := range all {
		all[j].sharedVM = guestSeesVMGone(m.route)
		if m.concurrent() {
			all[j].Call = call.Key()
		}
	}
	return all
}

// faultMatrix runs check once per fault at every call op makes; check
// gets the fault and the call it is aimed at.
func (m matrixPoint) faultMatrix(r *reporter, b binding, op string, check func(f injection, target simCall, clean *simPod)) {
	clean, calls := m.callsOf(r, b, op)
	for i, call := range calls {
		for _, f := range m.faultsAt(call, i) {
			check(f, call, clean)
		}
	}
}

// checkHit reports a fault that did not fire, or, in the strict order of
// Concurrency 1, fired at another site than the fault-free run made there.
// It returns false when the run is meaningless.
func (m matrixPoint) checkHit(r *reporter, sp *simPod, when string, f injection, target simCall) bool {
	fired, hit := sp.sim.disarm()
	if !fired {
		r.Errorf("%s: the fault never fired; the fault-free run made different calls", when)
		return false
	}
	if f.Kind != faultCancel && hit != target.Site {
		r.Errorf("%s: fault hit %s; the fault-free run made %s there", when, hit, target.Site)
	}
	return true
}

func faultsInSetup(m matrixPoint, r *reporter, b binding) {
	_, calls := m.callsOf(r, b, "setup")
	for i, call := range calls {
		for _, f := range m.faultsAt(call, i) {
			m.setupFault(r, b, f, call, onlyHostReads(calls[i:]))
		}
	}
}

// onlyHostReads reports whether calls are all HCN reads.
func onlyHostReads(calls []simCall) bool {
	for _, c := range calls {
		if kindOf(c.Site) != hostCall {
			return false
		}
	}
	return true
}

// setupFault: Setup hit by f fails wrapping its cause, leaving Invalid;
// Teardown then succeeds and nothing is left. When the guest or VM is
// gone, removals from it count as done, so the first Teardown succeeds.
//
// A cancellation that lands where only HCN reads are left (a pod with no
// endpoint to attach) may go unnoticed: nothing in the real system
// reports it there, as hcsshim's HCN reads take no context
// (hcn/hcnnamespace.go, GetNamespaceByID and GetNamespaceEndpointIds;
// hcn/hcnendpoint.go, GetEndpointByID), so a Setup that succeeds then,
// leaving Configured, keeps the contract too.
func (m matrixPoint) setupFault(r *reporter, b binding, f injection, target simCall, onlyReadsLeft bool) {
	r.countFault("setup "+target.Site, f)
	when := faultWhen("Setup", f, target)
	sp := m.newSimPod(r, b)
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	err := sp.ctrl.Setup(ctx)
	if !m.checkHit(r, sp, when, f, target) {
		return
	}
	if f.Kind == faultCancel && onlyReadsLeft && err == nil {
		expectState(r, "after "+when+" (no call left to notice it)", sp.ctrl, netcore.StateConfigured)
	} else {
		expectErrorIs(r, when, err, f.Cause())
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
	}
	sp.checkViolations(r, when)

	if err := sp.ctrl.Teardown(background()); err != nil {
		r.Errorf("Teardown after %s: %v", when, err)
		if err := sp.ctrl.Teardown(background()); err != nil {
			r.Errorf("retried Teardown after %s: %v", when, err)
		}
	}
	expectState(r, "after Teardown after "+when, sp.ctrl, netcore.StateTornDown)
	sp.checkClean(r, "after Teardown after "+when)
	sp.checkViolations(r, "Teardown after "+when)
}

func faultsInTeardown(m matrixPoint, r *reporter, b binding) {
	m.faultMatrix(r, b, "teardown", func(f injection, target simCall, _ *simPod) {
		m.teardownFault(r, b, f, target)
	})
}

// teardownFault: Teardown hit by a plain error or a cancellation fails
// wrapping its cause and leaves Invalid; the retry finishes the job without
// repeating a removal. Hit by the guest or VM going away, it succeeds at
// once: what is gone needs no removal.
func (m matrixPoint) teardownFault(r *reporter, b binding, f injection, target simCall) {
	r.countFault("teardown "+target.Site, f)
	when := faultWhen("Teardown", f, target)
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Errorf("Setup before %s: %v", when, err)
		return
	}
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	err := sp.ctrl.Teardown(ctx)
	if !m.checkHit(r, sp, when, f, target) {
		return
	}
	sp.checkViolations(r, when)
	if f.gone() {
		if err != nil {
			r.Errorf("%s: want nil (removals from what is gone count as done), got %v", when, err)
		}
	} else {
		expectErrorIs(r, when, err, f.Cause())
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
		if err := sp.ctrl.Teardown(background()); err != nil {
			r.Errorf("retried Teardown after %s: %v", when, err)
		}
		sp.checkViolations(r, "retried Teardown after "+when)
	}
	expectState(r, "at the end of "+when, sp.ctrl, netcore.StateTornDown)
	sp.checkClean(r, "at the end of "+when)
}

// faultWhen names an operation run with f, aimed at target, in findings.
func faultWhen(op string, f injection, target simCall) string {
	if f.Call != "" {
		return fmt.Sprintf("%s with %s", op, f)
	}
	return fmt.Sprintf("%s with %s (%s)", op, f, target.Site)
}
