package uvmnetcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Microsoft/hcsshim/internal/guest/runtime/hcsv2"

	"github.com/uvmnet/uvmnet/conformance/lcow"
)

// knownDifferences are where the simulated Linux agent differs from the
// real one on purpose; the differential compares neither.
var knownDifferences = []struct{ what, why string }{
	{"timing: the real agent waits up to 5 s for a NIC's device before it refuses an add; the simulated one refuses at once",
		"the wait is the agent's (network.go, AddAdapter), not an answer; the suite must not spend it"},
	{"error values: the real agent's refusals reach the host as HRESULTs (syscall.Errno 0x80004005, or 0xc037010d for a document that does not decode, echoing the whole request) with no errdefs class; the simulated agent's are its own refusal, or a rejection classed invalid argument for a malformed document",
		"the suite's own scenarios read the class to tell a malformed document from a refusal; a controller must not rely on either, so only accept or refuse is compared"},
	{"a malformed document is recorded as a violation by the simulated agent only",
		"the suite judges the controller that sent it; the real agent only refuses it"},
}

// realRun runs a sequence against a fresh real agent, on the guest
// connection.
func realRun(t *testing.T, k int, s sequence) ([]error, map[string][]string) {
	t.Helper()
	v := newIDs(k)
	a := startAgent(t)
	vm := newVMDouble(a)
	vm.prefix = fmt.Sprintf("d%dn", k)
	sb := newSandbox(t)
	vm.pod = sb
	ctx := context.Background()
	errs := make([]error, len(s.steps))
	for i, st := range s.steps {
		switch st.kind {
		case hotAdd:
			errs[i] = vm.hotAdd(v.nicID(st.nic), v.mac[st.nic])
		case hotRemove:
			errs[i] = vm.hotRemove(v.nicID(st.nic))
		case startPod:
			errs[i] = hcsv2.UvmnetStartSandbox(ctx, v.namespace(st.ns), sb.pid)
		default:
			errs[i] = a.gc.Modify(ctx, json.RawMessage(v.request(st)))
		}
	}
	held := map[string][]string{}
	for name, id := range v.ns {
		held[name], _ = hcsv2.UvmnetHeldAdapters(id)
		hcsv2.UvmnetForget(id)
	}
	for _, id := range v.nic {
		if slices.Contains(vm.held(), strings.ToLower(id)) {
			_ = vm.hotRemove(id)
		}
	}
	return errs, held
}

// simRun runs a sequence against a fresh simulated agent: the suite's
// simulated Linux guest agent, reading each request as the suite's wire
// run has it read (lcow.SimulatedAgent). plant, when set, changes its
// answers: the planted bugs the differential must catch.
func simRun(k int, s sequence, plant func(step, error) error) ([]error, map[string][]string) {
	v := newIDs(k)
	sim := lcow.NewSimulatedAgent()
	ctx := context.Background()
	errs := make([]error, len(s.steps))
	for i, st := range s.steps {
		switch st.kind {
		case hotAdd:
			sim.HotAdd(v.nicID(st.nic), v.mac[st.nic])
		case hotRemove:
			errs[i] = sim.HotRemove(ctx, v.nicID(st.nic), v.mac[st.nic])
		case startPod:
			errs[i] = sim.StartSandbox(ctx, v.namespace(st.ns))
		default:
			errs[i] = sim.Modify(ctx, v.request(st))
		}
		if plant != nil {
			errs[i] = plant(st, errs[i])
		}
	}
	held := map[string][]string{}
	for name, id := range v.ns {
		held[name], _ = sim.Adapters(id)
	}
	return errs, held
}

// disagreements compares the real and the simulated runs of a sequence:
// each step accepted or refused alike, and the same adapters held after.
func disagreements(s sequence, realErrs, simErrs []error, realHeld, simHeld map[string][]string) []string {
	var out []string
	for i, st := range s.steps {
		if (realErrs[i] == nil) != (simErrs[i] == nil) {
			out = append(out, fmt.Sprintf("step %d (%s): real agent %s, simulated agent %s", i+1, stepName(st), answer(realErrs[i]), answer(simErrs[i])))
		}
	}
	for name, r := range realHeld {
		if !slices.Equal(r, simHeld[name]) {
			out = append(out, fmt.Sprintf("after the sequence, %s: real agent holds %v, simulated agent %v", name, r, simHeld[name]))
		}
	}
	return out
}

func answer(err error) string {
	if err == nil {
		return "accepts"
	}
	msg := err.Error()
	if len(msg) > 160 {
		msg = msg[:160] + "..."
	}
	return fmt.Sprintf("refuses (%s)", msg)
}

var stepNames = [...]string{"hot-add", "hot-remove", "add", "remove", "request", "sandbox start"}

func stepName(st step) string {
	s := stepNames[st.kind]
	if st.nic != "" {
		s += " " + st.nic
	}
	if st.ns != "" {
		s += " in " + st.ns
	}
	if st.kind == guestRaw {
		s += " " + st.raw
	}
	return s
}

// plants are changes to the simulated agent the differential must catch.
var plants = []struct {
	name string
	fn   func(step, error) error
}{
	{"accepts an add after the sandbox started", func(st step, err error) error {
		if st.kind == guestAdd && err != nil && strings.Contains(err.Error(), "failed to move interface") {
			return nil
		}
		return err
	}},
	{"starts a sandbox whose routes clash", func(st step, err error) error {
		if st.kind == startPod && err != nil && strings.Contains(err.Error(), "file exists") {
			return nil
		}
		return err
	}},
}

// TestDifferentialRealAndSimulatedAgent feeds every sequence to the real
// agent and to the suite's simulated Linux agent: each step's answer must
// be the real agent's as the sequence states it, the simulated agent must
// answer alike and hold the same adapters; then each planted change to the
// simulated agent must make the differential fail.
func TestDifferentialRealAndSimulatedAgent(t *testing.T) {
	requireNamespaces(t)
	for _, d := range knownDifferences {
		t.Logf("known difference: %s (%s)", d.what, d.why)
	}
	seqs := sequences()
	type result struct {
		errs []error
		held map[string][]string
	}
	real := make([]result, len(seqs))
	var mu sync.Mutex
	began := time.Now()
	t.Run("real agent", func(t *testing.T) {
		for k, s := range seqs {
			t.Run(s.name, func(t *testing.T) {
				if s.waits {
					t.Parallel() // only these pay the agent's 5 s, at once
				}
				errs, held := realRun(t, k+1, s)
				for i, st := range s.steps {
					if st.ok {
						assert.NoError(t, errs[i], "step %d (%s): the real agent refused", i+1, stepName(st))
						continue
					}
					if assert.Error(t, errs[i], "step %d (%s): the real agent accepted", i+1, stepName(st)) && st.kind != startPod {
						var hr syscall.Errno
						assert.True(t, errors.As(errs[i], &hr), "step %d: the refusal carries an HRESULT: %v", i+1, errs[i])
					}
					t.Logf("step %d (%s): %v", i+1, stepName(st), errs[i])
				}
				mu.Lock()
				real[k] = result{errs, held}
				mu.Unlock()
			})
		}
	})
	t.Logf("%d sequences, %d steps, through the real agent in %s", len(seqs), countSteps(seqs), time.Since(began).Round(time.Millisecond))
	require.False(t, t.Failed(), "the real agent's answers are not the ones the sequences state")

	t.Run("simulated agent agrees", func(t *testing.T) {
		for k, s := range seqs {
			errs, held := simRun(k+1, s, nil)
			assert.Empty(t, disagreements(s, real[k].errs, errs, real[k].held, held), "sequence %q", s.name)
		}
	})
	for _, p := range plants {
		t.Run("planted: "+p.name, func(t *testing.T) {
			var found []string
			for k, s := range seqs {
				errs, held := simRun(k+1, s, p.fn)
				for _, d := range disagreements(s, real[k].errs, errs, real[k].held, held) {
					found = append(found, s.name+": "+d)
				}
			}
			require.NotEmpty(t, found, "the differential does not see the planted change")
			t.Logf("the differential fails on the plant, as it must: %v", found)
		})
	}
}

func countSteps(seqs []sequence) int {
	n := 0
	for _, s := range seqs {
		n += len(s.steps)
	}
	return n
}
