package conformance

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// More reliability scenarios, for what a shim's own code does around the
// controller: an Observer that panics, a manager that ends its goroutine
// with runtime.Goexit (as t.FailNow does in a test's mock), and an
// operator's call queued behind an operation stuck in a hung VM call. They
// are registered under "reliability/" with the others.

// promptly bounds how long a call that must not wait for another
// operation may take before the scenario calls it kept waiting; the
// operation it is queued behind never finishes on its own.
const promptly = 5 * time.Second

// rebuildWith replaces sp's controller, before it has done anything, by one
// built the same way (through the binding, over fresh managers of sp's
// simulator) with the pod changed as a scenario needs.
func (m matrixPoint) rebuildWith(r *reporter, sp *simPod, change func(pod *anyPod)) {
	pod := anyPod{
		NamespaceID:        sourceNamespaceID,
		PolicyBasedRouting: true,
		anyManagers:        sp.managers(),
		Capabilities:       capabilityAnswer(m.nsSupported),
		Options:            sp.options,
	}
	change(&pod)
	c, err := sp.b.newController(pod)
	if err != nil {
		r.Fatalf("Subject.New: %v", err)
	}
	sp.ctrl = c
}

// observerPanic is an Observer that panics once, on the first transition
// by event, and is quiet otherwise.
type observerPanic struct {
	event netcore.Event
	fired atomic.Bool
}

func (o *observerPanic) observe(t netcore.Transition) {
	if t.Event == o.event && o.fired.CompareAndSwap(false, true) {
		panic(fmt.Sprintf("observer panics on %s", t.Event))
	}
}

// recovered runs f and returns what it panicked with, if anything.
func recovered(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// observerPanicsIn makes the shim's Observer panic on the transition that
// completes op: Setup's, Teardown's, a Reconcile's that attaches an
// endpoint, or a migration destination's Resume.
//
// Expected: the panic reaches the caller of the operation; the controller
// is left in a state from which Teardown works (it must not panic, and
// must leave nothing attached: on the destination, the guest side of the
// imported NICs goes, and no source NIC is hot-removed).
func observerPanicsIn(m matrixPoint, op string) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		event := map[string]netcore.Event{
			"setup": netcore.EventSetupSucceeded, "teardown": netcore.EventTeardownSucceeded,
			opReconcile: netcore.EventHotPlugged, "resume": netcore.EventResumed,
		}[op]
		obs := &observerPanic{event: event}
		when := "observer panicking on " + event.String()
		if op == "resume" {
			m.observerPanicsInResume(r, b, obs, when)
			return
		}
		ctx := background()
		sp := m.newSimPod(r, b)
		m.rebuildWith(r, sp, func(pod *anyPod) { pod.Observer = obs.observe })
		var run func() error
		switch op {
		case "setup":
			run = func() error { return sp.ctrl.Setup(ctx) }
		case "teardown", opReconcile:
			if err := sp.ctrl.Setup(ctx); err != nil {
				r.Fatalf("Setup: %v", err)
			}
			run = func() error { return sp.ctrl.Teardown(ctx) }
			if op == opReconcile {
				sp.sim.addEndpoints(sp.pod.NamespaceID, newPodFixture(sp.pod.NamespaceID, 1, 'o').endpoints...)
				run = func() error { _, err := sp.ctrl.Reconcile(ctx); return err }
			}
		}
		var err error
		if p := recovered(func() { err = run() }); p == nil {
			r.Errorf("%s in %s: the panic did not reach the caller; the operation returned %v", when, op, err)
		}
		sp.checkViolations(r, when)
		if op == "teardown" {
			expectState(r, "after "+when, sp.ctrl, netcore.StateTornDown)
			sp.checkClean(r, "after "+when)
			return
		}
		if p := recovered(func() { sp.teardownClean(r, when) }); p != nil {
			r.Errorf("Teardown after %s panicked: %v", when, p)
		}
	}
}

// observerPanicsInResume migrates the pod to a destination whose Observer
// panics on Resumed, then tears the destination down.
func (m matrixPoint) observerPanicsInResume(r *reporter, b binding, obs *observerPanic, when string) {
	ctx := background()
	sp, source, snap := m.handedOver(r, b)
	opts := m.options('b')
	opts.Observer = obs.observe
	d, err := b.importController(ctx, snap, opts)
	if err != nil {
		r.Fatalf("Import: %v", err)
	}
	sp.ctrl = d
	if p := recovered(func() { err = d.Resume(ctx, sp.managers()) }); p == nil {
		r.Errorf("destination Resume, %s: the panic did not reach the caller; Resume returned %v", when, err)
	}
	sp.sim.world.TakeCalls()
	var teardownErr error
	if p := recovered(func() { teardownErr = d.Teardown(ctx) }); p != nil {
		r.Fatalf("destination Teardown after Resume with an %s panicked: %v", when, p)
	}
	if teardownErr != nil {
		r.Errorf("destination Teardown after Resume with an %s: %v", when, teardownErr)
	}
	sp.checkSourceNICsLeft(r, "destination Teardown after Resume with an "+when, sp.sim.world.TakeCalls(), source)
	sp.checkViolations(r, when)
}

// goexitVM and goexitHost end the calling goroutine with runtime.Goexit
// at the first call to site once armed, as a mock whose test calls
// t.FailNow does.
type goexitVM struct {
	netcore.VMNetworkManager
	site  string
	armed *atomic.Bool
}

func (v goexitVM) AddNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	exitAt(v.site == "vm.AddNIC", v.armed)
	return v.VMNetworkManager.AddNIC(ctx, nicID, a)
}

func (v goexitVM) RemoveNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	exitAt(v.site == "vm.RemoveNIC", v.armed)
	return v.VMNetworkManager.RemoveNIC(ctx, nicID, a)
}

type goexitHost struct {
	netcore.HostNetwork
	here  bool
	armed *atomic.Bool
}

func (h goexitHost) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	exitAt(h.here, h.armed)
	return h.HostNetwork.GetEndpointByID(ctx, id)
}

// exitAt ends the goroutine if here is the site and the fault is armed,
// disarming it.
func exitAt(here bool, armed *atomic.Bool) {
	if here && armed.CompareAndSwap(true, false) {
		runtime.Goexit()
	}
}

// endsByGoexit runs f on a goroutine of its own and reports whether that
// goroutine ended without f returning or panicking.
func endsByGoexit(f func()) (exited bool, p any) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		returned := false
		defer func() {
			p = recover()
			exited = !returned && p == nil
		}()
		f()
		returned = true
	}()
	<-done
	return exited, p
}

// goexitAt makes the first call at site end its goroutine with
// runtime.Goexit: a hot-add in Setup, a hot-remove in Teardown, an
// endpoint read in a Reconcile. With Concurrency above 1 the call runs on
// one of the controller's own goroutines.
//
// Expected: the Goexit reaches the caller's goroutine, as a panic would
// (so a test's t.FailNow still ends the test); the operation neither
// returns nor reports success; the controller is Invalid with every NIC
// it had or was attaching tracked, so that Teardown leaves nothing.
func goexitAt(m matrixPoint, site string) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		ctx := background()
		sp := m.newSimPod(r, b)
		armed := &atomic.Bool{}
		m.rebuildWith(r, sp, func(pod *anyPod) {
			pod.VM = goexitVM{VMNetworkManager: pod.VM, site: site, armed: armed}
			pod.Host = goexitHost{HostNetwork: pod.Host, here: site == "host.GetEndpointByID", armed: armed}
		})
		op, run := "Setup", func() error { return sp.ctrl.Setup(ctx) }
		if site != "vm.AddNIC" {
			if err := sp.ctrl.Setup(ctx); err != nil {
				r.Fatalf("Setup: %v", err)
			}
			op, run = "Teardown", func() error { return sp.ctrl.Teardown(ctx) }
			if site == "host.GetEndpointByID" {
				op, run = "Reconcile", func() error { _, err := sp.ctrl.Reconcile(ctx); return err }
			}
		}
		armed.Store(true)
		var err error
		exited, p := endsByGoexit(func() { err = run() })
		when := fmt.Sprintf("%s with a manager calling runtime.Goexit at %s", op, site)
		switch {
		case armed.Load():
			r.Fatalf("%s: the call was never made", when)
		case p != nil:
			r.Errorf("%s: the caller got a panic instead of the Goexit: %v", when, p)
		case !exited:
			r.Errorf("%s: the Goexit did not reach the caller; the operation returned %v", when, err)
		}
		sp.checkViolations(r, when)
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
		sp.teardownClean(r, when)
	}
}

// hungVM holds the first hot-add until released, as a hung HCS call would.
type hungVM struct {
	netcore.VMNetworkManager
	entered chan struct{}
	gate    chan struct{}
	once    *sync.Once
}

func (v hungVM) AddNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	first := false
	v.once.Do(func() { first = true })
	if first {
		close(v.entered)
		<-v.gate
	}
	return v.VMNetworkManager.AddNIC(ctx, nicID, a)
}

// hungSetup builds a pod whose Setup hangs in its first hot-add, starts
// that Setup and returns once it is there: release lets the hot-add
// return (later calls do nothing), and setup gives Setup's answer.
func (m matrixPoint) hungSetup(r *reporter, b binding) (sp *simPod, release func(), setup <-chan error) {
	sp = m.newSimPod(r, b)
	vm := hungVM{entered: make(chan struct{}), gate: make(chan struct{}), once: &sync.Once{}}
	var once sync.Once
	release = func() { once.Do(func() { close(vm.gate) }) }
	m.rebuildWith(r, sp, func(pod *anyPod) {
		vm.VMNetworkManager = pod.VM
		pod.VM = vm
	})
	done := make(chan error, 1)
	go func() { done <- sp.ctrl.Setup(background()) }()
	select {
	case <-vm.entered:
	case err := <-done:
		release()
		r.Fatalf("Setup returned %v without making its first hot-add", err)
	case <-time.After(promptly):
		release()
		r.Fatalf("Setup made no hot-add within %s", promptly)
	}
	return sp, release, done
}

// queuedContextEnds starts a Setup that hangs in its first hot-add, then
// makes every other call with a context that ends 20ms later.
//
// Expected: each call gives up when its context ends rather than waiting
// for the hung Setup: it returns an error (Teardown's wraps
// context.DeadlineExceeded: a nil would claim a network torn down that
// is still being set up) and changes nothing. Once the hot-add returns,
// Setup completes as if alone, and Teardown leaves nothing.
func queuedContextEnds(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	sp, release, setup := m.hungSetup(r, b)
	defer release()
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"Teardown", sp.ctrl.Teardown},
		{"Setup", sp.ctrl.Setup},
		{"Reconcile", func(ctx context.Context) error { _, err := sp.ctrl.Reconcile(ctx); return err }},
		{"AddEndpoint", func(ctx context.Context) error {
			_, err := sp.ctrl.AddEndpoint(ctx, sp.fixture.endpoints[0].Id)
			return err
		}},
		{"RemoveEndpoint", func(ctx context.Context) error {
			_, err := sp.ctrl.RemoveEndpoint(ctx, sp.fixture.endpoints[0].Id)
			return err
		}},
		{"Save", func(ctx context.Context) error { _, err := sp.ctrl.Save(ctx); return err }},
		{"Patch", func(ctx context.Context) error { return sp.ctrl.Patch(ctx, destinationNamespaceID) }},
		{"Resume", func(ctx context.Context) error { return sp.ctrl.Resume(ctx, anyManagers{}) }},
		{"ResetAfterMigration", sp.ctrl.ResetAfterMigration},
	}
	for _, c := range calls {
		when := c.name + " queued behind a Setup hung in a hot-add, its context ending after 20ms"
		cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		done := make(chan error, 1)
		go func() { done <- c.call(cctx) }()
		select {
		case err := <-done:
			switch {
			case err == nil:
				r.Errorf("%s: returned nil", when)
			case c.name == "Teardown" && !errors.Is(err, context.DeadlineExceeded):
				r.Errorf("%s: %v; want an error wrapping context.DeadlineExceeded", when, err)
			}
		case <-time.After(promptly):
			// Stopping releases the hot-add, so the waiting call ends too.
			r.Fatalf("%s: still waiting after %s", when, promptly)
		}
		cancel()
		expectState(r, "after "+when, sp.ctrl, netcore.StateNotConfigured)
	}
	release()
	select {
	case err := <-setup:
		if err != nil {
			r.Errorf("the hung Setup, released: %v", err)
		}
	case <-time.After(promptly):
		r.Fatalf("the hung Setup did not finish within %s of its hot-add returning", promptly)
	}
	expectState(r, "after the hung Setup", sp.ctrl, netcore.StateConfigured)
	sp.checkViolations(r, "the calls queued behind a hung Setup")
	sp.teardownClean(r, "a Setup that hung while other calls gave up")
}
