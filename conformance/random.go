package conformance

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// randomSequences drives Setup, Teardown, Save, Import, Resume, hot-plug
// (HCN gaining and losing endpoints; Reconcile, AddEndpoint,
// RemoveEndpoint) and injected faults in a seeded random order against the
// simulator, and after every step compares the controller with a
// reference model of the lifecycle: the state it must be in, whether the
// step must fail, and exactly which endpoints the VM must carry. The first
// divergence ends the run with the seed and the steps so far, which replay
// it exactly (with Concurrency above 1, up to the interleaving of the
// calls in flight, which the model does not depend on).
func randomSequences(r *reporter, b binding, m matrixPoint, seed int64, steps int) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(len(b.Name))))
	run := &randomRun{r: r, b: b, m: m, seed: seed, ops: declaredOps(b.Capabilities)}
	run.newPod()
	for i := 0; i < steps; i++ {
		run.step(rng)
		if run.diverged {
			return
		}
	}
	run.finish()
}

// finish tears the last pod down and checks that nothing leaked: after a
// successful Teardown of a pod set up on this VM, the VM and the guest
// hold nothing. (A pod imported from a snapshot shares the simulated VM
// with its source, whose NICs the destination does not own, so it is
// torn down but not checked for leaks here.)
func (run *randomRun) finish() {
	if run.model != netcore.StateConfigured && run.model != netcore.StateInvalid {
		return
	}
	err := run.sp.ctrl.Teardown(background())
	if err != nil {
		err = run.sp.ctrl.Teardown(background())
	}
	run.history = append(run.history, fmt.Sprintf("final Teardown in %s -> %v", run.model, err))
	if err != nil {
		run.fail("final Teardown, retried: %v", err)
		return
	}
	run.model = netcore.StateTornDown
	if left := run.sp.sim.world.Attached(); left != "" && !run.imported {
		run.fail("after the final Teardown, still attached: %s", left)
	}
	run.check()
}

// randomRun is one random sequence and the model it is checked against.
type randomRun struct {
	r    *reporter
	b    binding
	m    matrixPoint
	seed int64

	// ops are the steps the binding's capabilities allow.
	ops      []randomOp
	sp       *simPod
	pods     int
	model    netcore.State
	snapshot *anypb.Any
	pending  *injection // injected into the next operation that calls a manager
	history  []string
	diverged bool

	// hcn lists the endpoint IDs of the pod's namespace in HCN, in order.
	hcn []string
	// attached holds the endpoint IDs the VM must carry while Configured.
	attached map[string]bool
	// halfRemoved holds endpoints whose removal failed: their NIC may be
	// half removed, and Save may then refuse.
	halfRemoved map[string]bool
	// extra counts the endpoints the run added to HCN.
	extra int
	// imported says the current pod's controller came from a snapshot.
	imported bool
	// importedEndpoints are the attached endpoints whose NICs the
	// controller imported: their devices are the migration source's, so
	// the VM here does not carry them.
	importedEndpoints map[string]bool
}

// newPod starts a new pod on a fresh simulator: a new VM for a new pod.
func (run *randomRun) newPod() {
	run.pods++
	run.sp = run.m.newSimPod(run.r, run.b)
	run.model = netcore.StateNotConfigured
	run.snapshot = nil
	run.hcn = run.sp.fixture.endpointIDs()
	run.attached = map[string]bool{}
	run.halfRemoved = map[string]bool{}
	run.imported = false
	run.importedEndpoints = map[string]bool{}
}

// fail reports a divergence with everything needed to replay it: the
// finding names the seed, the step that diverged and the few before it;
// the result carries the whole trace ([Result.Sequence]).
func (run *randomRun) fail(format string, args ...any) {
	run.diverged = true
	d := &Divergence{Seed: run.seed, Finding: fmt.Sprintf(format, args...), Trace: slices.Clone(run.history)}
	if n := len(d.Trace); n > 0 {
		d.Step, d.Op = n, d.Trace[n-1]
	}
	run.r.diverged(d)
	run.r.Errorf("%s", d)
}

// randomOp is one kind of step a random sequence takes: drawn with
// probability weight over the total of the ops the binding declares what
// they need for, named in the history, and run on the current pod. run
// returns false when the step changed nothing the model checks (a fault
// armed, a pod replaced).
type randomOp struct {
	weight int
	name   string
	needs  Capabilities
	run    func(run *randomRun, st *randomStep) (check bool)
}

// randomOps is every kind of step, with how often it is drawn.
var randomOps = []randomOp{
	{2, "arm a fault", needsNothing, (*randomRun).opArm},
	{2, "Setup", needsNothing, (*randomRun).opSetup},
	{2, "Teardown", needsNothing, (*randomRun).opTeardown},
	{2, "Save", needsMigration, (*randomRun).opSave},
	{1, "migrate", needsMigration, (*randomRun).opMigrate},
	{2, "Resume", needsMigration, (*randomRun).opResume},
	{1, "change HCN", needsNothing, (*randomRun).opChangeHCN},
	{2, "Reconcile", needsHotPlug, func(run *randomRun, st *randomStep) bool { return run.hotPlug(st, 0) }},
	{1, "AddEndpoint", needsHotPlug, func(run *randomRun, st *randomStep) bool { return run.hotPlug(st, 2) }},
	{1, "RemoveEndpoint", needsHotPlug, func(run *randomRun, st *randomStep) bool { return run.hotPlug(st, 3) }},
	{1, "new pod", needsNothing, (*randomRun).opNewPod},
}

// declaredOps returns the ops of randomOps whose needs have declares.
func declaredOps(have Capabilities) []randomOp {
	var out []randomOp
	for _, op := range randomOps {
		if have.with(op.needs) == have {
			out = append(out, op)
		}
	}
	return out
}

// drawOp picks an op from ops by weight.
func drawOp(rng *rand.Rand, ops []randomOp) randomOp {
	total := 0
	for _, op := range ops {
		total += op.weight
	}
	n := rng.IntN(total)
	for _, op := range ops {
		if n < op.weight {
			return op
		}
		n -= op.weight
	}
	panic("conformance: randomOps weights do not add up")
}

// randomStep is what one step's op works with.
type randomStep struct {
	ctx    context.Context
	cancel context.CancelFunc
	rng    *rand.Rand
	c      controller
	// before is the model's state when the step began.
	before netcore.State
}

// armFor injects the pending fault into an operation that will call a
// manager; elsewhere a fault has nothing to hit and is dropped.
func (run *randomRun) armFor(st *randomStep, makesCalls bool) *injection {
	f := run.pending
	run.pending = nil
	if f == nil || !makesCalls {
		return nil
	}
	run.sp.sim.arm(*f, st.cancel)
	return f
}

// settle disarms f and reports whether it fired.
func (run *randomRun) settle(f *injection) (fired bool) {
	if f == nil {
		return false
	}
	fired, _ = run.sp.sim.disarm()
	return fired
}

func (run *randomRun) step(rng *rand.Rand) {
	ctx, cancel := context.WithCancel(background())
	defer cancel()
	// A torn-down pod is mostly replaced at once, so that most steps act
	// on a live controller; now and then the dead one is poked instead.
	if run.model == netcore.StateTornDown && rng.IntN(4) > 0 {
		run.history = append(run.history, "new pod")
		run.newPod()
	}
	st := &randomStep{ctx: ctx, cancel: cancel, rng: rng, c: run.sp.ctrl, before: run.model}
	if drawOp(rng, run.ops).run(run, st) {
		run.check()
	}
}

// opArm injects a fault (a plain error or a cancellation) into the next
// manager-calling operation.
func (run *randomRun) opArm(st *randomStep) bool {
	f := injection{Kind: faultError, At: st.rng.IntN(8)}
	if st.rng.IntN(2) == 0 {
		f = injection{Kind: faultCancel, At: 1 + st.rng.IntN(7)}
	}
	run.pending = &f
	run.history = append(run.history, "arm "+f.String())
	return false
}

func (run *randomRun) opSetup(st *randomStep) bool {
	f := run.armFor(st, st.before == netcore.StateNotConfigured)
	err := st.c.Setup(st.ctx)
	fired := run.settle(f)
	run.history = append(run.history, fmt.Sprintf("Setup in %s -> %v", st.before, err))
	switch {
	case st.before != netcore.StateNotConfigured:
		run.expectRefused("Setup", err)
	case run.faulted(f, fired, err):
		run.model = netcore.StateInvalid
	default:
		run.expectOK("Setup", err)
		run.model = netcore.StateConfigured
		run.attached = map[string]bool{}
		for _, id := range run.hcn {
			run.attached[id] = true
		}
	}
	return true
}

func (run *randomRun) opTeardown(st *randomStep) bool {
	if st.before == netcore.StateSourceMigrating {
		run.migrate(st.ctx)
		return true
	}
	live := st.before == netcore.StateConfigured || st.before == netcore.StateInvalid
	f := run.armFor(st, live)
	err := st.c.Teardown(st.ctx)
	fired := run.settle(f)
	run.history = append(run.history, fmt.Sprintf("Teardown in %s -> %v", st.before, err))
	switch {
	case st.before == netcore.StateNotConfigured || st.before == netcore.StateTornDown:
		run.expectOK("Teardown", err)
	case st.before == netcore.StateDestinationMigrating:
		run.expectOK("Teardown", err)
		run.model = netcore.StateTornDown
	case run.faulted(f, fired, err):
		run.model = netcore.StateInvalid
	default:
		run.expectOK("Teardown", err)
		run.model = netcore.StateTornDown
		clear(run.attached)
		clear(run.halfRemoved)
		if left := run.sp.sim.world.Attached(); left != "" {
			run.fail("after a successful Teardown, still attached: %s", left)
		}
	}
	return true
}

func (run *randomRun) opSave(st *randomStep) bool {
	snap, err := st.c.Save(st.ctx)
	run.history = append(run.history, fmt.Sprintf("Save in %s -> %v", st.before, err))
	switch {
	case st.before == netcore.StateConfigured && len(run.halfRemoved) > 0 && err != nil:
		// A NIC whose removal failed half-way cannot be saved.
	case st.before == netcore.StateConfigured || st.before == netcore.StateSourceMigrating:
		run.expectOK("Save", err)
		run.model = netcore.StateSourceMigrating
		run.snapshot = snap
		// Every NIC was whole, or Save would have refused.
		clear(run.halfRemoved)
	default:
		run.expectRefused("Save", err)
	}
	return true
}

// opMigrate completes a migration when the source is frozen, and does
// nothing otherwise.
func (run *randomRun) opMigrate(st *randomStep) bool {
	if st.before == netcore.StateSourceMigrating {
		run.migrate(st.ctx)
	}
	return true
}

// opResume binds an imported controller to the pod's managers, or rolls
// a frozen source back.
func (run *randomRun) opResume(st *randomStep) bool {
	var err error
	if st.before == netcore.StateDestinationMigrating {
		err = st.c.Resume(st.ctx, run.sp.managers())
	} else {
		err = st.c.Resume(st.ctx, anyManagers{})
	}
	run.history = append(run.history, fmt.Sprintf("Resume in %s -> %v", st.before, err))
	switch st.before {
	case netcore.StateSourceMigrating, netcore.StateDestinationMigrating, netcore.StateConfigured:
		run.expectOK("Resume", err)
		run.model = netcore.StateConfigured
	default:
		run.expectRefused("Resume", err)
	}
	return true
}

func (run *randomRun) opChangeHCN(st *randomStep) bool {
	run.changeHCN(st.rng)
	return true
}

// opNewPod replaces a torn-down pod; on a live one it does nothing.
func (run *randomRun) opNewPod(st *randomStep) bool {
	if st.before == netcore.StateTornDown {
		run.history = append(run.history, "new pod")
		run.newPod()
		return false
	}
	return true
}

// changeHCN makes CNI add an endpoint to the pod's namespace, or take one
// out, whatever state the controller is in.
func (run *randomRun) changeHCN(rng *rand.Rand) {
	if len(run.hcn) > 0 && (len(run.hcn) >= 4 || rng.IntN(2) == 0) {
		id := run.hcn[rng.IntN(len(run.hcn))]
		run.sp.sim.world.DropEndpoint(run.sp.pod.NamespaceID, id)
		run.hcn = slices.DeleteFunc(run.hcn, func(e string) bool { return e == id })
		run.history = append(run.history, "HCN drops endpoint "+id)
		return
	}
	run.extra++
	ep := extraEndpoint(run.sp.pod.NamespaceID, run.extra)
	run.sp.sim.addEndpoints(run.sp.pod.NamespaceID, ep)
	run.hcn = append(run.hcn, ep.Id)
	run.history = append(run.history, "HCN adds endpoint "+ep.Id)
}

// hotPlug runs one hot-plug call, kind 0 or 1 a Reconcile, 2 an
// AddEndpoint and 3 a RemoveEndpoint of an endpoint picked at random (or
// one never attached), and checks it against the model: refused unless
// Configured; not found for what cannot be found; otherwise exactly the
// model's changes, or, when a fault fired, a consistent partial change:
// every endpoint the call had to change either changed or named in the
// *netcore.HotPlugError, the controller still Configured.
func (run *randomRun) hotPlug(st *randomStep, kind int) bool {
	ctx, rng, c, before := st.ctx, st.rng, st.c, st.before
	var (
		name            string
		call            func() (netcore.HotPlugResult, error)
		added, vanished []string
		// redone are endpoints whose earlier removal failed and that HCN
		// still lists: if that removal got part-way, the call finishes it
		// and attaches the endpoint afresh (removed and added); if it
		// failed at its first step, the NIC is intact and left alone. The
		// model cannot tell which, so either is accepted.
		redone   []string
		notFound bool
	)
	switch kind {
	case 0, 1:
		name = "Reconcile"
		call = func() (netcore.HotPlugResult, error) { return c.Reconcile(ctx) }
		for _, id := range run.hcn {
			switch {
			case !run.attached[id]:
				added = append(added, id)
			case run.halfRemoved[id]:
				redone = append(redone, id)
			}
		}
		for _, id := range slices.Sorted(maps.Keys(run.attached)) {
			if !slices.Contains(run.hcn, id) {
				vanished = append(vanished, id)
			}
		}
	case 2:
		id := pick(rng, append(slices.Clone(run.hcn), unknownEndpointID))
		name = "AddEndpoint " + id
		call = func() (netcore.HotPlugResult, error) { return c.AddEndpoint(ctx, id) }
		switch {
		case run.attached[id] && !run.halfRemoved[id]:
		case !slices.Contains(run.hcn, id):
			notFound = true
		case run.halfRemoved[id]:
			redone = []string{id}
		default:
			added = []string{id}
		}
	default:
		id := pick(rng, append(slices.Sorted(maps.Keys(run.attached)), unknownEndpointID))
		name = "RemoveEndpoint " + id
		call = func() (netcore.HotPlugResult, error) { return c.RemoveEndpoint(ctx, id) }
		if run.attached[id] {
			vanished = []string{id}
		} else {
			notFound = true
		}
	}
	configured := before == netcore.StateConfigured
	f := run.armFor(st, configured)
	res, err := call()
	fired := run.settle(f)
	run.history = append(run.history, fmt.Sprintf("%s in %s -> added %v, removed %v, %v", name, before, endpointIDsOf(res.Added), endpointIDsOf(res.Removed), err))
	switch {
	case !configured:
		if err == nil {
			run.fail("%s in %s: want a refusal, got nil", name, before)
		}
		run.r.expectClass(name+" in "+before.String(), err, errdefs.ErrFailedPrecondition)
		return true
	case notFound && err != nil:
		// Refused after its read; a cancellation armed for a later call
		// fired after the last one.
		if f == nil || !fired {
			run.r.expectClass(name, err, errdefs.ErrNotFound)
		}
		return true
	case run.faulted(f, fired, err):
		var hp *netcore.HotPlugError
		if !errors.As(err, &hp) {
			// Only a read fails outside a HotPlugError, before any change.
			if len(res.Added)+len(res.Removed) > 0 {
				run.fail("%s failed with %v outside a HotPlugError, yet reports changes", name, err)
			}
			return true
		}
		for _, id := range added {
			_, named := hp.Failed[id]
			if in := slices.Contains(endpointIDsOf(res.Added), id); in == named {
				run.fail("%s: endpoint %s to attach: added %v, named in the error %v; want exactly one", name, id, in, named)
			}
		}
		for _, id := range vanished {
			_, named := hp.Failed[id]
			if in := slices.Contains(endpointIDsOf(res.Removed), id); in == named {
				run.fail("%s: endpoint %s to detach: removed %v, named in the error %v; want exactly one", name, id, in, named)
			}
			if named {
				run.halfRemoved[id] = true
			}
		}
	case notFound:
		if err == nil {
			run.fail("%s: want a refusal (not found), got nil", name)
		}
		return true
	default:
		run.expectOK(name, err)
		for _, id := range redone {
			inAdded, inRemoved := slices.Contains(endpointIDsOf(res.Added), id), slices.Contains(endpointIDsOf(res.Removed), id)
			if inAdded != inRemoved {
				run.fail("%s: endpoint %s whose removal failed earlier: added %v, removed %v; want both or neither", name, id, inAdded, inRemoved)
			}
			delete(run.halfRemoved, id)
		}
		notRedone := func(ids []string) []string {
			return slices.DeleteFunc(slices.Sorted(slices.Values(ids)), func(id string) bool { return slices.Contains(redone, id) })
		}
		if got, want := notRedone(endpointIDsOf(res.Added)), slices.Sorted(slices.Values(added)); !slices.Equal(got, want) {
			run.fail("%s added %v; want %v", name, got, want)
		}
		if got, want := notRedone(endpointIDsOf(res.Removed)), slices.Sorted(slices.Values(vanished)); !slices.Equal(got, want) {
			run.fail("%s removed %v; want %v", name, got, want)
		}
	}
	for _, n := range res.Removed {
		delete(run.attached, n.Endpoint.Id)
		delete(run.halfRemoved, n.Endpoint.Id)
		delete(run.importedEndpoints, n.Endpoint.Id)
	}
	for _, n := range res.Added {
		run.attached[n.Endpoint.Id] = true
	}
	return true
}

// pick returns one of ids at random.
func pick(rng *rand.Rand, ids []string) string { return ids[rng.IntN(len(ids))] }

// extraEndpoint is the k-th endpoint a random run adds to HCN: as little
// as an endpoint can carry, with an ID and a MAC no fixture uses.
func extraEndpoint(namespaceID string, k int) *hcnmodel.Endpoint {
	return &hcnmodel.Endpoint{
		Id:                   fmt.Sprintf("e0000000-00fe-4000-8000-%012x", k),
		Name:                 fmt.Sprintf("pod-x-extra%d", k),
		HostComputeNetwork:   "c0000000-0000-4000-8000-0000000000cc",
		HostComputeNamespace: namespaceID,
		MacAddress:           fmt.Sprintf("00-15-5E-00-%02X-%02X", (k>>8)&0xff, k&0xff),
		SchemaVersion:        hcnmodel.SchemaVersion{Major: 2, Minor: 16},
	}
}

// faulted decides, for an operation a fault was armed for, whether the
// model takes the failure path. A plain error that fired must fail the
// operation. A cancellation may land after the operation's last call, so
// either outcome is allowed, but a failure must wrap context.Canceled.
func (run *randomRun) faulted(f *injection, fired bool, err error) bool {
	if f == nil || !fired {
		return false
	}
	if f.Kind == faultCancel && err == nil {
		return false
	}
	if err == nil {
		run.fail("%s fired but the operation returned nil", f)
		return false
	}
	if !errors.Is(err, f.Cause()) {
		run.fail("%s: error %q does not wrap %q", f, err, f.Cause())
	}
	return true
}

// migrate completes a migration of the current pod: the frozen source
// hands over, and a controller imported from the snapshot takes over the
// same VM (the simulator stands for both hosts' view of one VM).
func (run *randomRun) migrate(ctx context.Context) {
	err := run.sp.ctrl.Teardown(ctx)
	run.history = append(run.history, fmt.Sprintf("migrate: source Teardown (hand over) -> %v", err))
	run.expectOK("source Teardown while migrating", err)
	expectState(run.r, "after hand over", run.sp.ctrl, netcore.StateTornDown)
	d, err := run.b.importController(ctx, run.snapshot, run.sp.options)
	run.history = append(run.history, fmt.Sprintf("migrate: Import -> %v", err))
	if err != nil {
		run.fail("Import of the last snapshot: %v", err)
		return
	}
	run.sp.ctrl = d
	run.sp.sim.world.HandOverVM()
	run.imported = true
	run.importedEndpoints = maps.Clone(run.attached)
	run.model = netcore.StateDestinationMigrating
}

func (run *randomRun) expectOK(op string, err error) {
	if err != nil {
		run.fail("%s: want success, got %v", op, err)
	}
}

func (run *randomRun) expectRefused(op string, err error) {
	if err == nil {
		run.fail("%s in %s: want a refusal, got nil", op, run.model)
	}
}

// check compares the controller and the world with the model.
func (run *randomRun) check() {
	if got := run.sp.ctrl.State(); got != run.model {
		run.fail("state %s, model says %s", got, run.model)
	}
	for _, v := range run.sp.sim.world.TakeViolations() {
		run.fail("violation: %s", v)
	}
	if run.model == netcore.StateConfigured {
		var want []string
		for _, id := range slices.Sorted(maps.Keys(run.attached)) {
			if !run.importedEndpoints[id] {
				want = append(want, id)
			}
		}
		if got := run.sp.sim.world.VMEndpoints(); !slices.Equal(got, want) {
			run.fail("Configured, but the VM carries endpoints %v; want %v", got, want)
		}
	}
}
