package conformance_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

// deadlocked is a controller whose Setup waits for a lock nobody
// releases (until the test ends).
type deadlocked struct {
	full
	release <-chan struct{}
}

// full is uvmnet's controller with everything it declares.
type full interface {
	conformance.Controller
	conformance.HotPlugger
	conformance.Migrator[netwcow.GuestNetworkManager]
}

func (d deadlocked) Setup(ctx context.Context) error {
	<-d.release
	return nil
}

// TestADeadlockedControllerEndsTheRunAtOnce: the first scenario that does
// not return within its bound fails naming the stuck call, and every
// scenario after it, on every run of the binding (the Windows platform
// runs each agent answer), is reported at once as not run because of that
// hang, so the whole run ends well inside go test's default timeout.
func TestADeadlockedControllerEndsTheRunAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out one scenario's bound")
	}
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	subject := wcow.Uvmnet()
	subject.Wrap = func(c conformance.Controller) conformance.Controller { return deadlocked{c.(full), release} }

	start := time.Now()
	reps, err := conformance.Suite{Seed: 1, Extensions: true}.Check(conformance.Bind(wcow.Platform(), subject))
	took := time.Since(start)
	require.NoError(t, err)
	t.Logf("a deadlocked binding's run took %s", took.Round(time.Millisecond))
	assert.Less(t, took, time.Minute)
	require.Len(t, reps, 2, "both agent answers")

	var hung []conformance.Result
	notRun := 0
	for _, rep := range reps {
		for _, res := range rep.Results {
			switch {
			case res.Failed():
				hung = append(hung, res)
			case res.NotRun != "":
				notRun++
				assert.Contains(t, res.NotRun, "stuck in github.com/uvmnet/uvmnet/conformance_test.deadlocked.Setup", res.Name())
			}
		}
		assert.Equal(t, rep.NotRun(), countNotRun(rep))
	}
	require.Len(t, hung, 1, "only the first scenario waits out its bound: %s", names(hung))
	assert.True(t, anyHas(hung[0].Failures, "did not finish within", "stuck in github.com/uvmnet/uvmnet/conformance_test.deadlocked.Setup"), "%q", hung[0].Failures)
	assert.Greater(t, notRun, 1000, "the rest of both runs")
	assert.Contains(t, notRunReason(reps), "an earlier scenario hung: wcow", "the reason names the hang")
}

func countNotRun(rep conformance.Report) int {
	n := 0
	for _, res := range rep.Results {
		if res.NotRun != "" {
			n++
			if res.Passed() || res.Failed() {
				n = -1 << 20 // neither passed nor failed
			}
		}
	}
	return n
}

// notRunReason is why the first result not run was not run.
func notRunReason(reps []conformance.Report) string {
	for _, rep := range reps {
		for _, res := range rep.Results {
			if res.NotRun != "" {
				return res.NotRun
			}
		}
	}
	return ""
}

func anyHas(failures []string, want ...string) bool {
	for _, f := range failures {
		all := true
		for _, w := range want {
			all = all && strings.Contains(f, w)
		}
		if all {
			return true
		}
	}
	return false
}

// TestNilControllersAreNamed: a Wrap that returns nil, and a New that
// returns nil without an error, are named as such.
func TestNilControllersAreNamed(t *testing.T) {
	for name, tc := range map[string]struct {
		subject conformance.Subject[netwcow.GuestNetworkManager]
		want    string
	}{
		"wrap": {func() conformance.Subject[netwcow.GuestNetworkManager] {
			s := wcow.Uvmnet()
			s.Wrap = func(conformance.Controller) conformance.Controller { return nil }
			return s
		}(), "Subject.Wrap returned nil for the"},
		"new": {conformance.Subject[netwcow.GuestNetworkManager]{
			New: func(conformance.Pod[netwcow.GuestNetworkManager]) (conformance.Controller, error) { return nil, nil },
		}, "Subject.New returned a nil controller and no error"},
	} {
		t.Run(name, func(t *testing.T) {
			reps, err := conformance.Suite{Seed: 1, Match: stateOnly}.Check(conformance.Bind(wcow.Platform(), tc.subject))
			require.NoError(t, err)
			res := reps[0].Results[0]
			assert.True(t, anyHas(res.Failures, tc.want), "%q", res.Failures)
		})
	}
}

// stateOnly is one scenario that builds a controller.
var stateOnly = regexp.MustCompile(`^c1/state/setup-teardown/ns-on/1-endpoints$`)

func names(results []conformance.Result) []string {
	var out []string
	for _, r := range results[:min(len(results), 5)] {
		out = append(out, r.Name())
	}
	return out
}
