package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// The reliability scenarios hold a controller to rules that go beyond one
// fault in one operation: a manager that panics, an endpoint replaced by
// one with the same MAC, a migration destination that must not touch the
// source's host side, a removal left half done, an endpoint outside the
// pod's namespace, and one deleted while it is read. They are grouped
// under "reliability/", so that they run by name:
//
//	go test -run 'TestConformance/.*/reliability/' ./...
//
// Each scenario's comment states the behaviour it expects.

// operation returns what a fault matrix over op prepares, and op itself:
// Setup on a fresh pod; Teardown of a set-up pod; a Reconcile that adds
// two endpoints and removes one.
func (m matrixPoint) operation(op string) (prepare, run func(*simPod) error) {
	nothing := func(*simPod) error { return nil }
	setup := func(sp *simPod) error { return sp.ctrl.Setup(background()) }
	switch op {
	case "setup":
		return nothing, setup
	case "teardown":
		return setup, func(sp *simPod) error { return sp.ctrl.Teardown(background()) }
	}
	return func(sp *simPod) error {
			if err := setup(sp); err != nil {
				return err
			}
			sp.hotPlug = sp.newHotPlugCase(op)
			return nil
		}, func(sp *simPod) error {
			_, err := sp.hotPlug.run(background(), sp.ctrl)
			return err
		}
}

// teardownClean runs Teardown, once more if the first fails, and reports
// what is left or misused.
func (sp *simPod) teardownClean(r *reporter, when string) {
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

// panicsIn makes each call op makes panic in turn.
//
// Expected: the panic reaches the caller of the operation (the suite
// recovers it); the controller is then Invalid, with every NIC it had or
// was attaching still tracked, so that Teardown leaves nothing attached.
// Today's controller neither marks itself Invalid on a panic nor, with
// Concurrency above 1, recovers a panic on its own goroutines.
func panicsIn(m matrixPoint, op string) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		prepare, run := m.operation(op)
		_, calls := m.callsOf(r, b, op)
		for i, call := range calls {
			f := injection{Kind: faultPanic, At: i, on: kindOf(call.Site), sharedVM: guestSeesVMGone(m.route)}
			if m.concurrent() {
				f.Call = call.Key()
			}
			m.panicFault(r, b, op, f, call, prepare, run)
		}
	}
}

func (m matrixPoint) panicFault(r *reporter, b binding, op string, f injection, target simCall, prepare, run func(*simPod) error) {
	r.countFault(op+" "+target.Site, f)
	when := faultWhen(op, f, target)
	sp := m.newSimPod(r, b)
	if err := prepare(sp); err != nil {
		r.Errorf("before %s: %v", when, err)
		return
	}
	_, cancel := context.WithCancel(background())
	defer cancel()
	sp.sim.arm(f, cancel)
	var (
		got any
		err error
	)
	func() {
		defer func() { got = recover() }()
		err = run(sp)
	}()
	if !m.checkHit(r, sp, when, f, target) {
		return
	}
	sp.checkViolations(r, when)
	switch p := got.(type) {
	case nil:
		r.Errorf("%s: the panic did not reach the caller; the operation returned %v", when, err)
	case injectedPanic:
		if p.Site != target.Site {
			r.Errorf("%s: the caller got the panic of %s", when, p)
		}
	default:
		if !strings.Contains(fmt.Sprint(p), "injected panic at "+target.Site) {
			r.Errorf("%s: the caller got a panic of %v, not the manager's", when, p)
		}
	}
	expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
	sp.teardownClean(r, when)
}

// sameMACReplacement: CNI replaces the pod's first endpoint by a new one
// with the same MAC, and the old NIC's removal fails at site.
//
// Expected: Reconcile returns a *netcore.HotPlugError naming both the old
// endpoint (its removal failed) and the new one, which is NOT attached:
// its MAC is still on the VM. The VM never holds two NICs with one MAC
// (the simulator refuses the second and records it). Teardown then leaves
// nothing.
func sameMACReplacement(m matrixPoint, site string) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		sp := m.newSimPod(r, b)
		if err := sp.ctrl.Setup(background()); err != nil {
			r.Fatalf("Setup: %v", err)
		}
		old := sp.fixture.endpoints[0]
		repl := cloneEndpoint(old)
		repl.Id, repl.Name = "e0000000-00ee-4000-8000-0000000000e1", "pod-a-replacement"
		sp.sim.world.DropEndpoint(sp.pod.NamespaceID, old.Id)
		sp.sim.addEndpoints(sp.pod.NamespaceID, repl)
		oldNIC := sp.sim.world.NICOf(old.Id)
		f := injection{Kind: faultError, Call: site + " " + oldNIC, on: kindOf(site)}
		r.countFault("reconcile "+site, f)
		ctx, cancel := context.WithCancel(background())
		defer cancel()
		sp.sim.arm(f, cancel)
		res, err := sp.ctrl.Reconcile(ctx)
		if fired, _ := sp.sim.disarm(); !fired {
			r.Fatalf("Reconcile replacing endpoint %s: %s of its NIC %s was never made", old.Id, site, oldNIC)
		}
		when := fmt.Sprintf("Reconcile replacing endpoint %s by %s (same MAC %s), %s failing", old.Id, repl.Id, old.MacAddress, site)
		sp.checkViolations(r, when)
		var hp *netcore.HotPlugError
		if !errors.As(err, &hp) {
			r.Errorf("%s: want a *netcore.HotPlugError, got %T: %v", when, err, err)
		} else {
			for _, id := range []string{old.Id, repl.Id} {
				if _, named := hp.Failed[id]; !named {
					r.Errorf("%s: the error does not name endpoint %s: %v", when, id, err)
				}
			}
		}
		if slices.Contains(endpointIDsOf(res.Added), repl.Id) || slices.Contains(sp.sim.world.VMEndpoints(), repl.Id) {
			r.Errorf("%s: the new endpoint %s was attached while its MAC was still on the VM", when, repl.Id)
		}
		sp.teardownClean(r, when)
	}
}

// migratedPod sets up the source pod, saves it, hands it over, and
// imports, patches and resumes a destination controller over the same
// simulated VM, whose HCN now also holds the destination's namespace. It
// returns the destination and the source's NIC IDs.
func (m matrixPoint) migratedPod(r *reporter, b binding) (*simPod, []string) {
	ctx := background()
	sp, source, snap := m.handedOver(r, b)
	sp.sim.addPod(newPodFixture(destinationNamespaceID, m.endpoints, 'b'))
	d, err := b.importController(ctx, snap, m.options('b'))
	if err != nil {
		r.Fatalf("Import: %v", err)
	}
	if err := d.Patch(ctx, destinationNamespaceID); err != nil {
		r.Fatalf("Patch: %v", err)
	}
	if err := d.Resume(ctx, sp.managers()); err != nil {
		r.Fatalf("destination Resume: %v", err)
	}
	sp.ctrl = d
	sp.sim.world.TakeCalls()
	return sp, source
}

// resetCalls migrates the pod, runs a fault-free ResetAfterMigration on
// the destination and returns the calls it made, for a matrix to fault.
func (m matrixPoint) resetCalls(r *reporter, b binding) []simCall {
	sp, _ := m.migratedPod(r, b)
	if err := sp.ctrl.ResetAfterMigration(background()); err != nil {
		r.Fatalf("fault-free ResetAfterMigration: %v", err)
	}
	calls := sp.sim.world.TakeCalls()
	sp.checkViolations(r, "fault-free ResetAfterMigration")
	return calls
}

// handedOver sets up the source pod, saves it and hands it over. It
// returns the pod, the source's NIC IDs and the snapshot.
func (m matrixPoint) handedOver(r *reporter, b binding) (*simPod, []string, *anypb.Any) {
	ctx := background()
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("source Setup: %v", err)
	}
	source := sp.sim.world.VMNICIDs()
	snap, err := sp.ctrl.Save(ctx)
	if err != nil {
		r.Fatalf("source Save: %v", err)
	}
	if err := sp.ctrl.Teardown(ctx); err != nil {
		r.Fatalf("source Teardown (hand over): %v", err)
	}
	return sp, source, snap
}

// checkSourceNICsLeft reports a hot-remove of a source NIC among calls,
// a source NIC the guest still holds, and any NIC on the VM that is not
// the source's: after the destination's Teardown the guest side of
// everything is gone and the VM keeps only what the source's host owns.
func (sp *simPod) checkSourceNICsLeft(r *reporter, when string, calls []simCall, source []string) {
	for _, c := range calls {
		if c.Site == "vm.RemoveNIC" && slices.Contains(source, c.Subject) {
			r.Errorf("%s: hot-removed source NIC %s: a NIC imported from the source is not this VM's to remove on the host side", when, c.Subject)
		}
	}
	for _, id := range sp.sim.world.GuestNICIDs() {
		r.Errorf("%s: the guest still holds NIC %s (source: %v)", when, id, slices.Contains(source, id))
	}
	for _, id := range sp.sim.world.VMNICIDs() {
		if !slices.Contains(source, id) {
			r.Errorf("%s: the destination's NIC %s is still on the VM", when, id)
		}
	}
}

// destinationTeardownWithoutReset: a destination torn down after Patch and
// Resume, without ResetAfterMigration.
//
// Expected: Teardown succeeds, removes the source NICs from the guest and
// never hot-removes one (their host side is the source's).
func destinationTeardownWithoutReset(m matrixPoint, r *reporter, b binding) {
	sp, source := m.migratedPod(r, b)
	when := "destination Teardown after Patch and Resume, without ResetAfterMigration"
	if err := sp.ctrl.Teardown(background()); err != nil {
		r.Errorf("%s: %v", when, err)
	}
	expectState(r, "after "+when, sp.ctrl, netcore.StateTornDown)
	sp.checkSourceNICsLeft(r, when, sp.sim.world.TakeCalls(), source)
	sp.checkViolations(r, when)
}

// destinationFailedReset faults each call ResetAfterMigration makes, in
// turn, then tears the destination down.
//
// Expected: the reset fails wrapping the fault; Teardown (retried once if
// it fails) then never hot-removes a source NIC, removes the guest side
// of everything and the destination NICs the reset attached.
func destinationFailedReset(m matrixPoint, r *reporter, b binding) {
	calls := m.resetCalls(r, b)
	for i, call := range calls {
		f := injection{Kind: faultError, At: i, on: kindOf(call.Site)}
		if m.concurrent() {
			f.Call = call.Key()
		}
		r.countFault("reset-after-migration "+call.Site, f)
		when := faultWhen("ResetAfterMigration", f, call)
		sp, source := m.migratedPod(r, b)
		ctx, cancel := context.WithCancel(background())
		sp.sim.arm(f, cancel)
		err := sp.ctrl.ResetAfterMigration(ctx)
		cancel()
		if !m.checkHit(r, sp, when, f, call) {
			continue
		}
		expectErrorIs(r, when, err, errInjected)
		var all []simCall
		if err := sp.ctrl.Teardown(background()); err != nil {
			all = append(all, sp.sim.world.TakeCalls()...)
			if err := sp.ctrl.Teardown(background()); err != nil {
				r.Errorf("Teardown after %s, retried: %v", when, err)
			}
		}
		all = append(all, sp.sim.world.TakeCalls()...)
		expectState(r, "after Teardown after "+when, sp.ctrl, netcore.StateTornDown)
		sp.checkSourceNICsLeft(r, "Teardown after "+when, all, source)
		sp.checkViolations(r, "Teardown after "+when)
	}
}

// halfRemoved leaves the pod's first endpoint half removed (its guest side
// gone, its hot-remove failed), then runs next: a Reconcile with HCN still
// listing the endpoint, a Reconcile after CNI deleted it, or an
// AddEndpoint of it.
//
// Expected: next succeeds and finishes the job: the endpoint ends up fully
// attached (VM and guest agree) when HCN still lists it or it is added,
// and fully detached, reported in Removed, when HCN dropped it; never a
// nil error with the NIC still half removed (Save, which refuses a half
// removed NIC, then succeeds).
func halfRemoved(m matrixPoint, next string) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		ctx := background()
		sp := m.newSimPod(r, b)
		if err := sp.ctrl.Setup(ctx); err != nil {
			r.Fatalf("Setup: %v", err)
		}
		ep := sp.fixture.endpoints[0]
		nic := sp.sim.world.NICOf(ep.Id)
		f := injection{Kind: faultError, Call: "vm.RemoveNIC " + nic, on: vmCall}
		r.countFault("remove-endpoint vm.RemoveNIC", f)
		fctx, cancel := context.WithCancel(ctx)
		sp.sim.arm(f, cancel)
		_, err := sp.ctrl.RemoveEndpoint(fctx, ep.Id)
		cancel()
		if fired, _ := sp.sim.disarm(); !fired || err == nil {
			r.Fatalf("RemoveEndpoint %s with its hot-remove failing: fired %v, error %v; want the removal left half done", ep.Id, fired, err)
		}
		sp.checkViolations(r, "RemoveEndpoint with its hot-remove failing")
		var (
			res    netcore.HotPlugResult
			attach = true
		)
		switch next {
		case "reconcile":
			res, err = sp.ctrl.Reconcile(ctx)
		case "reconcile-endpoint-gone":
			sp.sim.world.DropEndpoint(sp.pod.NamespaceID, ep.Id)
			attach = false
			res, err = sp.ctrl.Reconcile(ctx)
		default:
			res, err = sp.ctrl.AddEndpoint(ctx, ep.Id)
		}
		when := fmt.Sprintf("%s after RemoveEndpoint %s left NIC %s half removed", next, ep.Id, nic)
		if err != nil {
			r.Errorf("%s: %v", when, err)
		}
		sp.checkViolations(r, when)
		carried := slices.Contains(sp.sim.world.VMEndpoints(), ep.Id)
		switch {
		case attach && !carried:
			r.Errorf("%s: the VM does not carry endpoint %s", when, ep.Id)
		case !attach && carried:
			r.Errorf("%s: the VM still carries endpoint %s, which HCN dropped", when, ep.Id)
		case !attach && !slices.Contains(endpointIDsOf(res.Removed), ep.Id):
			r.Errorf("%s: the result's Removed %v does not name endpoint %s", when, endpointIDsOf(res.Removed), ep.Id)
		}
		if perNIC, _ := sp.guestHolds(); perNIC {
			if bad := sp.sim.world.Mismatch(nil); bad != "" {
				r.Errorf("%s: %s", when, bad)
			}
		}
		if _, err := sp.ctrl.Save(ctx); err != nil {
			r.Errorf("Save after %s: %v (a NIC is still half removed)", when, err)
		} else if err := sp.ctrl.Resume(ctx, anyManagers{}); err != nil {
			r.Errorf("Resume (roll back) after %s: %v", when, err)
		}
		sp.teardownClean(r, when)
	}
}

// addEndpointOutsideNamespace: HCN holds an endpoint whose
// HostComputeNamespace is empty and which no namespace lists.
//
// Expected: AddEndpoint of it is refused as not found or an invalid
// argument, with no VM or guest call; nothing is attached.
func addEndpointOutsideNamespace(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	loose := extraEndpoint("", 0xe5)
	sp.sim.addLooseEndpoint(loose)
	sp.sim.world.TakeCalls()
	res, err := sp.ctrl.AddEndpoint(ctx, loose.Id)
	when := "AddEndpoint of endpoint " + loose.Id + ", in no namespace"
	switch {
	case err == nil:
		r.Errorf("%s: want a refusal, got nil (added %v)", when, endpointIDsOf(res.Added))
	case !errdefs.IsNotFound(err) && !errdefs.IsInvalidArgument(err):
		r.Extf("%s: want not found or invalid argument, got %v", when, err)
	}
	expectOnlyReads(r, when, sp.sim.world.TakeCalls())
	if slices.Contains(sp.sim.world.VMEndpoints(), loose.Id) {
		r.Errorf("%s: the VM carries it", when)
	}
	sp.checkViolations(r, when)
	sp.teardownClean(r, when)
}

// endpointVanishesDuringReconcile: two endpoints join the namespace, and
// CNI deletes the first just as Reconcile reads it, after the listing
// named it.
//
// Expected: the vanished endpoint counts as gone: Reconcile returns no
// error, attaches the other new endpoint, and reports only it in Added.
func endpointVanishesDuringReconcile(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	joining := newPodFixture(sp.pod.NamespaceID, 2, 'h')
	sp.sim.addEndpoints(sp.pod.NamespaceID, joining.endpoints...)
	gone, stays := joining.endpoints[0].Id, joining.endpoints[1].Id
	sp.sim.world.VanishWhenRead(gone)
	res, err := sp.ctrl.Reconcile(ctx)
	when := fmt.Sprintf("Reconcile while endpoint %s vanishes between the listing and its read", gone)
	if err != nil {
		r.Errorf("%s: %v", when, err)
	}
	if got := endpointIDsOf(res.Added); !slices.Equal(got, []string{stays}) {
		r.Errorf("%s: added %v; want [%s]", when, got, stays)
	}
	want := afterHotPlug(sp.fixture.endpointIDs(), []string{stays}, nil)
	if got := sp.sim.world.VMEndpoints(); !slices.Equal(got, want) {
		r.Errorf("%s: the VM carries %v; want %v", when, got, want)
	}
	expectState(r, "after "+when, sp.ctrl, netcore.StateConfigured)
	sp.checkViolations(r, when)
	sp.teardownClean(r, when)
}
