package conformance

import (
	"context"
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
)

// The second-fault matrix: an operation fails, and then so does what
// cleans up after it, the Teardown that follows or the rollback inside
// the operation. Only plain errors are injected, so that each fault is
// one the controller must survive and retry; what matters is that the
// second failure never turns the first into a leak or a double removal.

// errorAt is a plain error aimed at call, the i-th of its run: by index
// with Concurrency 1, by key above.
func (m matrixPoint) errorAt(call simCall, i int) injection {
	f := injection{Kind: faultError, At: i, on: kindOf(call.Site), sharedVM: guestSeesVMGone(m.route)}
	if m.concurrent() {
		f.Call = call.Key()
	}
	return f
}

// secondFaultsSetupTeardown fails Setup at each of its calls and then the
// Teardown after it at each of that Teardown's calls.
//
// Expected: Setup fails and leaves Invalid; the Teardown fails wrapping the
// second fault and leaves Invalid; a retried Teardown succeeds and leaves
// nothing attached, removing nothing twice.
func secondFaultsSetupTeardown(m matrixPoint, r *reporter, b binding) {
	_, setupCalls := m.callsOf(r, b, "setup")
	injected := 0
	defer func() { m.noneInjected(r, injected, "no Teardown after a failed Setup made a call") }()
	for i, sc := range setupCalls {
		first := m.errorAt(sc, i)
		// The calls of the Teardown after that failed Setup, fault-free.
		probe := m.newSimPod(r, b)
		m.failSetup(probe, first)
		probe.sim.world.TakeCalls()
		if err := probe.ctrl.Teardown(background()); err != nil {
			r.Errorf("Teardown after Setup with %s: %v", first, err)
			continue
		}
		for j, tc := range probe.sim.world.TakeCalls() {
			second := m.errorAt(tc, j)
			f := first
			f.then = &second
			injected++
			r.countFault("setup+teardown "+tc.Site, f)
			when := "Setup with " + first.String() + ", then Teardown with " + second.String()
			sp := m.newSimPod(r, b)
			if err := m.failSetup(sp, first); err == nil {
				r.Errorf("%s: Setup succeeded", when)
				continue
			}
			ctx, cancel := context.WithCancel(background())
			sp.sim.arm(second, cancel)
			err := sp.ctrl.Teardown(ctx)
			cancel()
			if fired, _ := sp.sim.disarm(); !fired {
				// With calls in flight at once, how far the failed Setup got
				// varies between runs, and so do the Teardown's calls; in
				// the strict order they may not.
				if !m.concurrent() {
					r.Errorf("%s: the second fault never fired; the fault-free run made different calls", when)
				}
				sp.teardownClean(r, when)
				continue
			}
			expectErrorIs(r, when, err, errInjected)
			expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
			sp.checkViolations(r, when)
			if err := sp.ctrl.Teardown(background()); err != nil {
				r.Errorf("retried Teardown after %s: %v", when, err)
			}
			expectState(r, "after the retried Teardown after "+when, sp.ctrl, netcore.StateTornDown)
			sp.checkClean(r, "after the retried Teardown after "+when)
			sp.checkViolations(r, "retried Teardown after "+when)
		}
	}
}

// noneInjected ends a second-fault scenario that injected no second fault
// as not applicable, saying why, unless it already found something.
func (m matrixPoint) noneInjected(r *reporter, injected int, why string) {
	if injected == 0 {
		r.markNotApplicable(why + ": nothing to fault")
	}
}

// failSetup runs Setup with f armed and returns its error.
func (m matrixPoint) failSetup(sp *simPod, f injection) error {
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	err := sp.ctrl.Setup(ctx)
	sp.sim.disarm()
	return err
}

// secondFaultsReconcileRollback fails a Reconcile's attach at each of its
// calls, and then each call of the rollback that follows.
//
// Expected: Reconcile fails with a *netcore.HotPlugError; with its
// rollback failed the controller is Invalid (or Configured, if what
// failed counted as done), never carrying a NIC twice; Teardown (retried
// once) leaves nothing attached, removing nothing twice.
func secondFaultsReconcileRollback(m matrixPoint, r *reporter, b binding) {
	prepare, run := m.operation(opReconcile)
	_, calls := m.callsOf(r, b, opReconcile)
	injected := 0
	defer func() { m.noneInjected(r, injected, "no rollback made a call") }()
	for i, c := range calls {
		if kindOf(c.Site) == hostCall || strings.Contains(c.Site, "Remove") {
			continue // only an attach that fails is rolled back
		}
		first := m.errorAt(c, i)
		// The calls the rollback makes, from a run with the first fault
		// alone.
		probe := m.newSimPod(r, b)
		if err := prepare(probe); err != nil {
			r.Errorf("before Reconcile with %s: %v", first, err)
			continue
		}
		probe.sim.world.TakeCalls()
		_, cancel := context.WithCancel(background())
		probe.sim.arm(first, cancel)
		_ = run(probe)
		cancel()
		probe.sim.disarm()
		made := probe.sim.world.TakeCalls()
		at := slices.IndexFunc(made, func(x simCall) bool { return x.Key() == c.Key() })
		probe.teardownClean(r, "Reconcile with "+first.String())
		if at < 0 {
			continue
		}
		for j, rc := range made[at+1:] {
			if !strings.Contains(rc.Site, "Remove") {
				continue // an attach still in flight, not the rollback
			}
			second := m.errorAt(rc, j)
			f := first
			f.then = &second
			when := "Reconcile with " + f.String()
			sp := m.newSimPod(r, b)
			if err := prepare(sp); err != nil {
				r.Errorf("before %s: %v", when, err)
				continue
			}
			_, cancel := context.WithCancel(background())
			sp.sim.arm(f, cancel)
			err := run(sp)
			cancel()
			fired, _ := sp.sim.disarm()
			if !fired {
				// With calls in flight at once, the rollback may take
				// another path; in the strict order it may not.
				if !m.concurrent() {
					r.Errorf("%s: the second fault never fired", when)
				}
				continue
			}
			injected++
			r.countFault("reconcile+rollback "+rc.Site, f)
			expectErrorIs(r, when, err, errInjected)
			if s := sp.ctrl.State(); s != netcore.StateInvalid && s != netcore.StateConfigured {
				r.Errorf("state after %s: %s; want Invalid (a rollback failed) or Configured", when, s)
			}
			sp.checkViolations(r, when)
			sp.teardownClean(r, when)
		}
	}
}
