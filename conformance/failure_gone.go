package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
)

// Blind spots in how a controller reads "gone" and failure: a VM call
// that fails with "guest unavailable" (a transport to the whole VM can
// say so), an endpoint that vanishes while Setup reads it, and a hot-plug
// whose rollback fails too.

// guestUnavailableAtVM (contract): "guest unavailable" from a VM call says
// nothing of the VM. Each hot-add failing so makes Setup fail wrapping it
// (an add failing with a sentinel is a failure like any other); each
// hot-remove failing so makes Teardown fail wrapping it and leave Invalid
// with the NIC still tracked, which a retried Teardown then removes: a
// controller that counted it as done leaves it on the VM.
func guestUnavailableAtVM(m matrixPoint, r *reporter, b binding) {
	for _, site := range []string{"vm.AddNIC", "vm.RemoveNIC"} {
		for k := 1; k <= m.endpoints; k++ {
			target := nicID('c', k)
			when := fmt.Sprintf("%s of NIC #%d (%s) failing with guest unavailable", site, k, target)
			sp := m.newSimPod(r, b)
			vm := newFailingVM(sp, func(s, nic string) error {
				if s == site && strings.EqualFold(nic, target) {
					return fmt.Errorf("sim: %s %s: %w", s, nic, netcore.ErrGuestUnavailable)
				}
				return nil
			})
			m.rebuild(r, b, sp, func(inner netcore.VMNetworkManager) netcore.VMNetworkManager {
				vm.VMNetworkManager = inner
				return vm
			}, m.options('c'))
			op := map[string]string{"vm.AddNIC": "setup", "vm.RemoveNIC": "teardown"}[site]
			r.countFault(op+" "+site, injection{Kind: faultGuestGone, Call: site + " " + target})
			setupErr := sp.ctrl.Setup(background())
			if site == "vm.AddNIC" {
				expectErrorIs(r, "Setup with "+when, setupErr, netcore.ErrGuestUnavailable)
				expectState(r, "after Setup with "+when, sp.ctrl, netcore.StateInvalid)
				sp.teardownClean(r, "Setup with "+when)
				continue
			}
			if setupErr != nil {
				r.Fatalf("Setup before %s: %v", when, setupErr)
			}
			err := sp.ctrl.Teardown(background())
			expectErrorIs(r, "Teardown with "+when, err, netcore.ErrGuestUnavailable)
			expectState(r, "after Teardown with "+when, sp.ctrl, netcore.StateInvalid)
			vm.fail = func(string, string) error { return nil }
			sp.teardownClean(r, "the retry of Teardown with "+when)
		}
	}
}

// endpointVanishesInSetup (contract): CNI deletes an endpoint between
// HCN's listing and its read. Setup fails, having made no VM or guest
// call (a pod set up without one of its networks is a pod that silently
// lacks it), leaves Invalid, and Teardown leaves nothing.
func endpointVanishesInSetup(m matrixPoint, r *reporter, b binding) {
	for _, ep := range m.newSimPod(r, b).fixture.endpoints {
		sp := m.newSimPod(r, b)
		sp.sim.world.VanishWhenRead(ep.Id)
		when := "Setup while endpoint " + ep.Id + " vanishes as it is read"
		if err := sp.ctrl.Setup(background()); err == nil {
			r.Errorf("%s: succeeded; want it to fail", when)
		}
		sp.expectOnlyHostCalls(r, when)
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
		sp.teardownClean(r, when)
	}
}

// failedRollbackIsInvalid (contract): an AddEndpoint whose attach fails
// rolls the NIC back; when a removal of that rollback fails too (a plain
// error, which never counts as done), the NIC is stuck half attached and
// the controller must say so: Invalid, not Configured. Teardown then
// leaves nothing.
func failedRollbackIsInvalid(m matrixPoint, r *reporter, b binding) {
	prepare, run := m.operation(opAddEndpoint)
	_, calls := m.callsOf(r, b, opAddEndpoint)
	for i, c := range calls {
		if kindOf(c.Site) == hostCall || strings.Contains(c.Site, "Remove") {
			continue
		}
		first := m.errorAt(c, i)
		for j := 0; ; j++ {
			second := injection{Kind: faultError, At: j}
			f := first
			f.then = &second
			sp := m.newSimPod(r, b)
			if err := prepare(sp); err != nil {
				r.Fatalf("before AddEndpoint with %s: %v", f, err)
			}
			sp.sim.arm(f, func() {})
			err := run(sp)
			fired, site := sp.sim.disarm()
			if !fired {
				sp.teardownClean(r, "AddEndpoint with "+first.String())
				break // no call left after the first fault to fail
			}
			if !strings.Contains(site, "Remove") {
				sp.teardownClean(r, "AddEndpoint with "+f.String())
				continue // the second fault hit another attach, not the rollback
			}
			when := fmt.Sprintf("AddEndpoint with %s, its rollback's %s failing", first, site)
			if err == nil || !errors.Is(err, errInjected) {
				r.Errorf("%s: got %v; want an error wrapping the fault", when, err)
			}
			expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
			sp.teardownClean(r, when)
		}
	}
}

// guestUnavailableAtHotPlugRemove (contract, with hot-plug): a
// RemoveEndpoint whose VM hot-remove fails with "guest unavailable" fails
// wrapping it, as at Teardown: the NIC stays tracked, and the Teardown
// that follows removes it.
func guestUnavailableAtHotPlugRemove(m matrixPoint, r *reporter, b binding) {
	for k := 1; k <= m.endpoints; k++ {
		target := nicID('c', k)
		sp := m.newSimPod(r, b)
		vm := newFailingVM(sp, func(string, string) error { return nil })
		m.rebuild(r, b, sp, func(inner netcore.VMNetworkManager) netcore.VMNetworkManager {
			vm.VMNetworkManager = inner
			return vm
		}, m.options('c'))
		if err := sp.ctrl.Setup(background()); err != nil {
			r.Fatalf("Setup: %v", err)
		}
		endpoint := sp.sim.world.EndpointOf(target)
		when := fmt.Sprintf("RemoveEndpoint %s with the hot-remove of its NIC %s failing with guest unavailable", endpoint, target)
		vm.fail = func(site, nic string) error {
			if site == "vm.RemoveNIC" && strings.EqualFold(nic, target) {
				return fmt.Errorf("sim: %s %s: %w", site, nic, netcore.ErrGuestUnavailable)
			}
			return nil
		}
		r.countFault("remove-endpoint vm.RemoveNIC", injection{Kind: faultGuestGone, Call: "vm.RemoveNIC " + target})
		_, err := sp.ctrl.RemoveEndpoint(background(), endpoint)
		expectErrorIs(r, when, err, netcore.ErrGuestUnavailable)
		vm.fail = func(string, string) error { return nil }
		sp.teardownClean(r, when)
	}
}

// goneInReset (contract, with migration): every gone kind at every call
// ResetAfterMigration makes. A removal from what is gone counts as done,
// and the reset goes on (to fail at an add, if what is gone is needed
// there); an add that finds the guest or the VM gone is a failure like any
// other, so a reset whose fault hit an add fails wrapping the fault's cause
// and leaves Invalid. Teardown (retried once) then leaves the guest empty and
// never hot-removes a source NIC.
func goneInReset(m matrixPoint, r *reporter, b binding) {
	calls := m.resetCalls(r, b)
	for i, call := range calls {
		for _, f := range m.faultsAt(call, i) {
			if !f.gone() {
				continue
			}
			when := faultWhen("ResetAfterMigration", f, call)
			sp, source := m.migratedPod(r, b)
			ctx, cancel := context.WithCancel(background())
			sp.sim.arm(f, cancel)
			err := sp.ctrl.ResetAfterMigration(ctx)
			cancel()
			if !m.checkHit(r, sp, when, f, call) {
				continue
			}
			switch {
			case isAttach(call.Site) && err == nil:
				r.Errorf("%s: succeeded; an add that finds %s gone is a failure", when, map[faultKind]string{faultGuestGone: "the guest", faultVMGone: "the VM"}[f.Kind])
			case isAttach(call.Site):
				expectErrorIs(r, when, err, f.Cause())
				expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
			case err != nil:
				// The removal counted as done; an add after it found
				// the VM or the guest gone.
				if !errors.Is(err, netcore.ErrGuestUnavailable) && !errors.Is(err, netcore.ErrVMUnavailable) {
					r.Errorf("%s: error %q wraps neither gone sentinel", when, err)
				}
				expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
			}
			sp.sim.world.TakeCalls()
			for try := 0; try < 2 && sp.ctrl.State() != netcore.StateTornDown; try++ {
				if err := sp.ctrl.Teardown(background()); err != nil && try == 1 {
					r.Errorf("Teardown after %s, retried: %v", when, err)
				}
			}
			expectState(r, "after Teardown after "+when, sp.ctrl, netcore.StateTornDown)
			sp.checkSourceNICsLeft(r, "Teardown after "+when, sp.sim.world.TakeCalls(), source)
			sp.checkViolations(r, "Teardown after "+when)
		}
	}
}
