package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// The gone-shape matrix of the wire run: at every call Setup, Teardown,
// AddEndpoint and RemoveEndpoint make through a wire transport, on both
// routes, the transport answers
// with each shape hcsshim's own transports take, one run per shape:
//
//   - every row of hcsshim's gone classification for that transport
//     (vmutils.IsVMNotAvailableError on the compute system;
//     gcs.ErrBridgeClosed and guestmanager.ErrGuestConnectionUnavailable
//     on the guest connection), with the world really gone (the VM
//     stopped, or the guest agent dead with the VM alive): a Teardown or
//     a RemoveEndpoint must count the removal as done and still leave
//     nothing attached, a Setup or an AddEndpoint must fail;
//   - every answer that must not count as gone, with the world alive and
//     the call without effect: HCS_E_INVALID_STATE (0x80370105), guest
//     agent HRESULTs (0x80004005, and the compute system's gone HRESULTs
//     as the guest agent's answer), the other transport's rows, context
//     errors from the transport, a message that merely says "closed". The
//     operation must fail wrapping the answer and a retried Teardown leave
//     nothing attached: a controller that counted it as gone leaks the NIC;
//   - on the legacy route, a guest removal the compute system applied but
//     answered with a row hcsshim counts as gone only at a removal
//     (0x490, 0xc0370105, 0x8037011f), the VM alive: the VM's hot-remove
//     must still be made.
//
// The matrix lists each shape per call site ("teardown vm.RemoveNIC
// [already stopped]").

// wireShape is one answer a wire transport gives a faulted call.
type wireShape struct {
	name string
	err  error
	// gone says hcsshim's controller counts err as gone at a removal.
	gone bool
	// stop is what dies with the answer (simworld.StopNothing: nothing).
	stop simworld.Stop
	// applied makes the call take effect before it is answered with err.
	applied bool
}

// stops reports whether the shape's call finds the world gone.
func (w *wireShape) stops() bool { return w.stop != simworld.StopNothing }

// errClosedText is a message that says "closed" and is no sign of a gone
// VM or guest: it wraps nothing.
var errClosedText = errors.New("use of closed network connection")

// wireShapes returns the shapes a call on side may be answered with.
func wireShapes(side answerSide, removal, legacyGuest bool) []*wireShape {
	const id = "sim-uvm"
	var out []*wireShape
	add := func(gone bool, stop simworld.Stop, errs map[string]error) {
		for _, name := range sortedKeys(errs) {
			out = append(out, &wireShape{name: name, err: errs[name], gone: gone, stop: stop})
		}
	}
	notGone := map[string]error{
		"HCS_E_INVALID_STATE 0x80370105": hcsmodifytest.ComputeSystemError(id, hcsmodifytest.HRESULTInvalidState),
		"guest agent E_FAIL 0x80004005":  &hcsmodifytest.GuestRPCError{Result: 0x80004005, Message: "failed"},
		"context deadline exceeded":      fmt.Errorf("transport: %w", context.DeadlineExceeded),
		"context canceled":               fmt.Errorf("transport: %w", context.Canceled),
		"a message that says closed":     errClosedText,
	}
	if side == computeSystemSide {
		add(true, simworld.StopVM, hcsmodifytest.VMGoneErrors(id))
		for name, err := range hcsmodifytest.GuestGoneErrors() {
			notGone["guest row: "+name] = err
		}
		add(false, simworld.StopNothing, notGone)
		if legacyGuest && removal {
			for _, name := range sortedKeys(hcsmodifytest.VMMaybeGoneErrors(id)) {
				out = append(out, &wireShape{name: "applied, VM alive: " + name, err: hcsmodifytest.VMMaybeGoneErrors(id)[name], gone: true, applied: true})
			}
		}
		return out
	}
	add(true, simworld.StopGuest, hcsmodifytest.GuestGoneErrors())
	for name, err := range hcsmodifytest.VMGoneErrors(id) {
		notGone["compute system row: "+name] = err
	}
	for name, errno := range map[string]syscall.Errno{"not found": hcsmodifytest.HRESULTSystemNotFound, "already stopped": hcsmodifytest.HRESULTAlreadyStopped} {
		notGone["guest agent "+name] = &hcsmodifytest.GuestRPCError{Result: uint32(errno), Message: name}
	}
	add(false, simworld.StopNothing, notGone)
	return out
}

func sortedKeys(m map[string]error) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// wireAnswer is what a wire transport answers: the shape of a shaped
// fault that fired at this call, else hcsshim's shape of the world's
// answer.
func (s *simulator) wireAnswer(err error, side answerSide) error {
	s.mu.Lock()
	shape := s.answer
	s.answer = nil
	s.mu.Unlock()
	if shape != nil {
		return shape.err
	}
	return asHcsshimAnswer(err, side)
}

// sideOf is the transport a call goes on, on route.
func sideOf(route, site string) answerSide {
	if kindOf(site) == guestCall && route == RouteGuestConnection {
		return guestConnectionSide
	}
	return computeSystemSide
}

// goneShapes runs op once per call and shape (see wireShapes).
func goneShapes(m matrixPoint, op string) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		prepare, run := m.operation(op)
		_, calls := m.callsOf(r, b, op)
		for i, c := range calls {
			kind := kindOf(c.Site)
			if kind == hostCall {
				continue
			}
			removal := strings.Contains(c.Site, "Remove")
			for _, shape := range wireShapes(sideOf(m.route, c.Site), removal, kind == guestCall) {
				f := injection{Kind: faultError, At: i, on: kind, sharedVM: guestSeesVMGone(m.route), shape: shape}
				r.countFault(op+" "+c.Site+" ["+shape.name+"]", f)
				when := fmt.Sprintf("%s with %s answering %q", op, c.Key(), shape.name)
				sp := m.newSimPod(r, b)
				if err := prepare(sp); err != nil {
					r.Fatalf("before %s: %v", when, err)
				}
				sp.sim.arm(f, func() {})
				err := run(sp)
				if fired, _ := sp.sim.disarm(); !fired {
					r.Errorf("%s: the call was never made", when)
					continue
				}
				m.judgeShape(r, sp, op, when, shape, err)
			}
		}
	}
}

// judgeShape checks what op did with a call answered by shape.
func (m matrixPoint) judgeShape(r *reporter, sp *simPod, op, when string, shape *wireShape, err error) {
	removes := op == "teardown" || op == opRemoveEndpoint
	switch {
	case removes && shape.gone:
		if err != nil {
			r.Errorf("%s: %v; want it to succeed: hcsshim's controller counts that answer to a removal as gone", when, err)
		}
	case shape.applied:
	case err == nil:
		r.Errorf("%s: succeeded; want it to fail wrapping the answer", when)
	case !errors.Is(err, shape.err):
		r.Errorf("%s: error %q does not wrap the transport's answer", when, err)
	case !shape.gone && (errors.Is(err, netcore.ErrVMUnavailable) || errors.Is(err, netcore.ErrGuestUnavailable)):
		r.Errorf("%s: error %q says gone; the answer is no sign of it", when, err)
	case op == "setup" || op == "teardown":
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
	}
	sp.teardownClean(r, when)
}

// vm is the VM network manager a wire run uses over cs: the binding's own,
// or hcsmodify's ready one.
func (w *wireBinding) vm(cs hcsmodify.ComputeSystem) netcore.VMNetworkManager {
	if w.VM != nil {
		return w.VM(cs)
	}
	return hcsmodify.NewVMNetwork(cs)
}
