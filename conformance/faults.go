package conformance

import (
	"context"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore"
)

// The fault matrix: for every call an operation makes, one run per fault
// that can happen there (a plain error, the guest or the VM gone, the
// context cancelled just before it), each on a fresh simulator. The
// operation must fail wrapping the fault's cause (or, for a removal from
// something gone, succeed), leave the state the table prescribes, and a
// later Teardown must leave nothing attached, removing nothing twice.

// callsOf runs op on a fresh pod, after prepare, and returns the call
// sites op made, which the matrix then faults one by one.
func (m matrixPoint) callsOf(r *reporter, p Platform, prepare, op func(*simPod) error) []string {
	sp := m.newSimPod(r, p)
	if err := prepare(sp); err != nil {
		r.Fatalf("fault-free run, before the operation: %v", err)
	}
	sp.sim.takeCalls()
	if err := op(sp); err != nil {
		r.Fatalf("fault-free run: %v", err)
	}
	sp.checkViolations(r, "fault-free run")
	return sp.sim.takeCalls()
}

// faultsAt lists the faults the matrix injects at the i-th call. With
// calls in flight at once, which call is the i-th varies from run to run,
// so only a plain error is injected: whatever call it hits, the operation
// must fail with it. A cancellation or a dying guest could land after the
// last call that matters and leave nothing to check.
func (m matrixPoint) faultsAt(kind callKind, i int) []Fault {
	all := faultsFor(kind, i)
	if !m.concurrent() {
		return all
	}
	return all[:1] // FaultError comes first
}

func (m matrixPoint) faultsInSetup(r *reporter, p Platform) {
	nothing := func(*simPod) error { return nil }
	setup := func(sp *simPod) error { return sp.ctrl.Setup(background()) }
	sites := m.callsOf(r, p, nothing, setup)
	for i, site := range sites {
		for _, f := range m.faultsAt(kindOf(site), i) {
			m.setupFault(r, p, f, site)
		}
	}
}

// setupFault: Setup hit by f fails wrapping its cause, leaving Invalid;
// Teardown then succeeds and nothing is left. When the guest or VM is
// gone, removals from it count as done, so the first Teardown succeeds.
func (m matrixPoint) setupFault(r *reporter, p Platform, f Fault, site string) {
	r.countFault(site)
	when := fmt.Sprintf("Setup with %s (%s)", f, site)
	sp := m.newSimPod(r, p)
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	err := sp.ctrl.Setup(ctx)
	fired, hit := sp.sim.disarm()
	if !fired {
		r.Errorf("%s: the fault never fired; the fault-free run made different calls", when)
		return
	}
	if f.Kind != FaultCancel && hit != site && !m.concurrent() {
		r.Errorf("%s: fault hit %s; the fault-free run made %s there", when, hit, site)
	}
	expectErrorIs(r, when, err, f.Cause())
	expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
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

func (m matrixPoint) faultsInTeardown(r *reporter, p Platform) {
	setup := func(sp *simPod) error { return sp.ctrl.Setup(background()) }
	teardown := func(sp *simPod) error { return sp.ctrl.Teardown(background()) }
	sites := m.callsOf(r, p, setup, teardown)
	for i, site := range sites {
		for _, f := range m.faultsAt(kindOf(site), i) {
			m.teardownFault(r, p, f, site)
		}
	}
}

// teardownFault: Teardown hit by a plain error or a cancellation fails
// wrapping its cause and leaves Invalid; the retry finishes the job without
// repeating a removal. Hit by the guest or VM going away, it succeeds at
// once: what is gone needs no removal.
func (m matrixPoint) teardownFault(r *reporter, p Platform, f Fault, site string) {
	r.countFault(site)
	when := fmt.Sprintf("Teardown with %s (%s)", f, site)
	sp := m.newSimPod(r, p)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Errorf("Setup before %s: %v", when, err)
		return
	}
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	err := sp.ctrl.Teardown(ctx)
	fired, hit := sp.sim.disarm()
	if !fired {
		r.Errorf("%s: the fault never fired; the fault-free run made different calls", when)
		return
	}
	if f.Kind != FaultCancel && hit != site && !m.concurrent() {
		r.Errorf("%s: fault hit %s; the fault-free run made %s there", when, hit, site)
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
