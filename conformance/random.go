package conformance

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// randomSequences drives Setup, Teardown, Save, Import, Resume and injected
// faults in a seeded random order against the simulator, and after every
// step compares the controller with a reference model of the lifecycle:
// the state it must be in, whether the step must fail, and what the VM
// must hold. The first divergence ends the run with the seed and the steps
// so far, which replay it exactly.
func randomSequences(r *reporter, p Platform, nsSupported bool, seed int64, steps int) {
	m := matrixPoint{nsSupported: nsSupported, endpoints: 2}
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(len(p.Name()))))
	run := &randomRun{r: r, p: p, m: m, seed: seed}
	run.newPod()
	for i := 0; i < steps; i++ {
		run.step(rng)
		if run.diverged {
			return
		}
	}
}

// randomRun is one random sequence and the model it is checked against.
type randomRun struct {
	r    *reporter
	p    Platform
	m    matrixPoint
	seed int64

	sp       *simPod
	pods     int
	model    netcore.State
	snapshot *anypb.Any
	pending  *Fault // injected into the next operation that calls a manager
	history  []string
	diverged bool
}

// newPod starts a new pod on a fresh simulator: a new VM for a new pod.
func (run *randomRun) newPod() {
	run.pods++
	run.sp = run.m.newSimPod(run.r, run.p)
	run.model = netcore.StateNotConfigured
	run.snapshot = nil
}

// fail reports a divergence with everything needed to replay it.
func (run *randomRun) fail(format string, args ...any) {
	run.diverged = true
	run.r.Errorf("%s\nseed %d (replay: %s=%d); steps:\n  %s", fmt.Sprintf(format, args...),
		run.seed, SeedEnv, run.seed, strings.Join(run.history, "\n  "))
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
	c := run.sp.ctrl
	before := run.model

	// armFor injects the pending fault into an operation that will call a
	// manager; elsewhere a fault has nothing to hit and is dropped.
	armFor := func(makesCalls bool) *Fault {
		f := run.pending
		run.pending = nil
		if f == nil || !makesCalls {
			return nil
		}
		run.sp.sim.arm(*f, cancel)
		return f
	}
	settle := func(f *Fault) (fired bool) {
		if f == nil {
			return false
		}
		fired, _ = run.sp.sim.disarm()
		return fired
	}

	switch op := rng.IntN(12); {
	case op < 2: // inject a fault into the next manager-calling operation
		f := Fault{Kind: FaultError, At: rng.IntN(8)}
		if rng.IntN(2) == 0 {
			f = Fault{Kind: FaultCancel, At: 1 + rng.IntN(7)}
		}
		run.pending = &f
		run.history = append(run.history, "arm "+f.String())
		return
	case op < 4:
		f := armFor(before == netcore.StateNotConfigured)
		err := c.Setup(ctx)
		fired := settle(f)
		run.history = append(run.history, fmt.Sprintf("Setup in %s -> %v", before, err))
		switch {
		case before != netcore.StateNotConfigured:
			run.expectRefused("Setup", err)
		case run.faulted(f, fired, err):
			run.model = netcore.StateInvalid
		default:
			run.expectOK("Setup", err)
			run.model = netcore.StateConfigured
		}
	case op < 6:
		if before == netcore.StateSourceMigrating {
			run.migrate(ctx)
			break
		}
		live := before == netcore.StateConfigured || before == netcore.StateInvalid
		f := armFor(live)
		err := c.Teardown(ctx)
		fired := settle(f)
		run.history = append(run.history, fmt.Sprintf("Teardown in %s -> %v", before, err))
		switch {
		case before == netcore.StateNotConfigured || before == netcore.StateTornDown:
			run.expectOK("Teardown", err)
		case before == netcore.StateDestinationMigrating:
			run.expectOK("Teardown", err)
			run.model = netcore.StateTornDown
		case run.faulted(f, fired, err):
			run.model = netcore.StateInvalid
		default:
			run.expectOK("Teardown", err)
			run.model = netcore.StateTornDown
			if left := run.sp.sim.attached(); left != "" {
				run.fail("after a successful Teardown, still attached: %s", left)
			}
		}
	case op < 8:
		snap, err := c.Save(ctx)
		run.history = append(run.history, fmt.Sprintf("Save in %s -> %v", before, err))
		if before == netcore.StateConfigured || before == netcore.StateSourceMigrating {
			run.expectOK("Save", err)
			run.model = netcore.StateSourceMigrating
			run.snapshot = snap
		} else {
			run.expectRefused("Save", err)
		}
	case op < 9:
		if before == netcore.StateSourceMigrating {
			run.migrate(ctx)
		}
	case op < 11:
		var err error
		if before == netcore.StateDestinationMigrating {
			err = run.p.Resume(ctx, c, run.sp.sim.VM(), run.sp.sim.Host(), run.p.NewSimGuest(run.sp.sim.Guest()))
		} else {
			err = run.p.Resume(ctx, c, nil, nil, nil)
		}
		run.history = append(run.history, fmt.Sprintf("Resume in %s -> %v", before, err))
		switch before {
		case netcore.StateSourceMigrating, netcore.StateDestinationMigrating, netcore.StateConfigured:
			run.expectOK("Resume", err)
			run.model = netcore.StateConfigured
		default:
			run.expectRefused("Resume", err)
		}
	default:
		if before == netcore.StateTornDown {
			run.history = append(run.history, "new pod")
			run.newPod()
			return
		}
	}
	run.check()
}

// faulted decides, for an operation a fault was armed for, whether the
// model takes the failure path. A plain error that fired must fail the
// operation. A cancellation may land after the operation's last call, so
// either outcome is allowed, but a failure must wrap context.Canceled.
func (run *randomRun) faulted(f *Fault, fired bool, err error) bool {
	if f == nil || !fired {
		return false
	}
	if f.Kind == FaultCancel && err == nil {
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
	d, err := run.p.Import(ctx, run.snapshot)
	run.history = append(run.history, fmt.Sprintf("migrate: Import -> %v", err))
	if err != nil {
		run.fail("Import of the last snapshot: %v", err)
		return
	}
	run.sp.ctrl = d
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
	for _, v := range run.sp.sim.takeViolations() {
		run.fail("violation: %s", v)
	}
	if run.model == netcore.StateConfigured {
		if vm, _, _ := run.sp.sim.holdings(); vm != run.m.endpoints {
			run.fail("Configured, but the VM holds %d NICs; want %d", vm, run.m.endpoints)
		}
	}
}
