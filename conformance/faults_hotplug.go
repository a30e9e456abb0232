package conformance

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
)

// faultsInHotPlug faults every call op makes on a Configured pod, one run
// per call and fault: for a Reconcile, one that adds two endpoints and
// removes one.
func faultsInHotPlug(m matrixPoint, op string) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		m.faultMatrix(r, b, op, func(f injection, target simCall, clean *simPod) {
			m.hotPlugFault(r, b, op, f, target, clean.sim.world.EndpointOf(target.Subject))
		})
	}
}

// hotPlugFault: a hot-plug operation hit by f reports it (unless what
// failed was a removal from something gone, which counts as done) in a
// *netcore.HotPlugError naming the endpoint, or, when a read failed, with
// nothing changed; it rolls back the endpoints whose attach failed, keeps
// the removals that succeeded, and stays Configured (Invalid only if a
// rollback failed). Retried, it converges; Teardown then leaves nothing.
// targetEndpoint is the endpoint behind the faulted call, "" for a read.
func (m matrixPoint) hotPlugFault(r *reporter, b binding, op string, f injection, target simCall, targetEndpoint string) {
	r.countFault(op+" "+target.Site, f)
	when := faultWhen(op, f, target)
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Errorf("Setup before %s: %v", when, err)
		return
	}
	perNIC, _ := sp.guestHolds()
	hc := sp.newHotPlugCase(op)
	before := sp.sim.world.VMEndpoints()
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	res, err := hc.run(ctx, sp.ctrl)
	if !m.checkHit(r, sp, when, f, target) {
		return
	}
	sp.checkViolations(r, when)

	var hp *netcore.HotPlugError
	isHotPlugErr := errors.As(err, &hp)
	failed := map[string]error{}
	if isHotPlugErr {
		failed = hp.Failed
	}
	stuck := false
	switch s := sp.ctrl.State(); {
	case s == netcore.StateConfigured:
	case s == netcore.StateInvalid && err != nil && strings.Contains(err.Error(), "roll back"):
		stuck = true // a rollback failed: Teardown must finish the job
	default:
		r.Errorf("state after %s: got %s, want %s (Invalid only if a rollback failed); error: %v", when, s, netcore.StateConfigured, err)
	}

	switch {
	case err != nil:
		// A dead VM takes the guest with it: later calls report whichever
		// of the two they reach.
		vmGone := f.Kind == faultVMGone && (errors.Is(err, netcore.ErrGuestUnavailable) || errors.Is(err, netcore.ErrVMUnavailable))
		if !errors.Is(err, f.Cause()) && !vmGone {
			r.Errorf("%s: error %q does not wrap %q", when, err, f.Cause())
		}
	case !f.gone():
		r.Errorf("%s: got nil error; the fault was swallowed", when)
	}

	if kindOf(target.Site) == hostCall {
		// A failed read comes before any change.
		if len(res.Added)+len(res.Removed) != 0 {
			r.Errorf("%s: a read failed, yet the result reports changes: %+v", when, res)
		}
		if got := sp.sim.world.VMEndpoints(); !slices.Equal(got, before) {
			r.Errorf("%s: a read failed, yet the VM now carries %v; it carried %v", when, got, before)
		}
	} else {
		if err != nil && !isHotPlugErr {
			r.Errorf("%s: want a *netcore.HotPlugError naming endpoint %s, got %T: %v", when, targetEndpoint, err, err)
		}
		removal := slices.Contains(hc.vanished, targetEndpoint)
		switch _, named := failed[targetEndpoint]; {
		case removal && f.gone() && named:
			r.Errorf("%s: the removal of endpoint %s from what is gone counts as done, yet the error names it", when, targetEndpoint)
		case (!removal || !f.gone()) && !named && err != nil && isHotPlugErr:
			r.Errorf("%s: the error does not name endpoint %s, whose call failed: %v", when, targetEndpoint, err)
		}
	}
	// Every endpoint the operation had to change was either changed or
	// named as failed, never both.
	added, vanished := hc.added, hc.vanished
	if kindOf(target.Site) == hostCall {
		added, vanished = nil, nil // checked above: nothing changed
	}
	for _, id := range added {
		_, named := failed[id]
		if in := slices.Contains(endpointIDsOf(res.Added), id); in == named {
			r.Errorf("%s: endpoint %s to attach: in the result's Added %v, named in the error %v; want exactly one", when, id, in, named)
		}
	}
	for _, id := range vanished {
		_, named := failed[id]
		if in := slices.Contains(endpointIDsOf(res.Removed), id); in == named {
			r.Errorf("%s: endpoint %s to detach: in the result's Removed %v, named in the error %v; want exactly one", when, id, in, named)
		}
	}
	vmGone, guestGone := sp.sim.world.Gone()
	if !vmGone {
		// What was rolled back is off the VM, what was removed stays
		// removed, the rest is untouched.
		want := afterHotPlug(before, endpointIDsOf(res.Added), endpointIDsOf(res.Removed))
		if got := sp.sim.world.VMEndpoints(); !slices.Equal(got, want) {
			r.Errorf("after %s the VM carries %v; want %v (added %v, removed %v, failed %v)",
				when, got, want, endpointIDsOf(res.Added), endpointIDsOf(res.Removed), slices.Sorted(maps.Keys(failed)))
		}
		if perNIC && !guestGone {
			// A removal that failed half-way leaves its NIC on the VM alone.
			if bad := sp.sim.world.Mismatch(hc.vanished); bad != "" {
				r.Errorf("after %s: %s", when, bad)
			}
		}
	}

	if !f.gone() && !stuck {
		// A RemoveEndpoint whose removal went through despite the error is
		// refused when retried: nothing is attached to remove.
		if _, err := hc.run(background(), sp.ctrl); err != nil {
			if op == opRemoveEndpoint && len(failed) == 0 {
				r.expectClass(op+" retried after "+when, err, errdefs.ErrNotFound)
			} else {
				r.Errorf("%s retried after %s: %v", op, when, err)
			}
		}
		if got := sp.sim.world.VMEndpoints(); !slices.Equal(got, hc.want) {
			r.Errorf("after a retried %s (%s) the VM carries %v; want %v", op, when, got, hc.want)
		}
		if perNIC {
			if bad := sp.sim.world.Mismatch(nil); bad != "" {
				r.Errorf("after a retried %s (%s): %s", op, when, bad)
			}
		}
		expectState(r, "after a retried "+op+" ("+when+")", sp.ctrl, netcore.StateConfigured)
		sp.checkViolations(r, "retried "+op+" after "+when)
		if op == opReconcile {
			sp.sim.world.TakeCalls()
			if res, err := sp.ctrl.Reconcile(background()); err != nil || len(res.Added)+len(res.Removed) != 0 {
				r.Errorf("Reconcile after the retry (%s): got %+v, %v; want nothing to do", when, res, err)
			}
			expectOnlyReads(r, "Reconcile after the retry ("+when+")", sp.sim.world.TakeCalls())
		}
	}
	if err := sp.ctrl.Teardown(background()); err != nil {
		r.Errorf("Teardown after %s: %v", when, err)
	}
	expectState(r, "at the end of "+when, sp.ctrl, netcore.StateTornDown)
	sp.checkClean(r, "at the end of "+when)
	sp.checkViolations(r, "Teardown after "+when)
}

// expectOnlyReads reports any call in calls that is not an HCN read.
func expectOnlyReads(r *reporter, what string, calls []simCall) {
	for _, c := range calls {
		if kindOf(c.Site) != hostCall {
			r.Errorf("%s: made %s; want only HCN reads", what, c)
		}
	}
}
