package uvmnetcheck

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/Microsoft/hcsshim/internal/gcs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// panicChild is the child process that drops the guest connection while
// a request is in the agent.
const panicChild = "agent-panic"

// TestAgentPanicsWhenConnectionDropsMidRequest records what happens when
// the host's connection to the agent drops while a request is still in
// the agent (a shim's reconnect, a live migration's hand-over): it runs in
// a child process, because the agent panics and takes its process down.
func TestAgentPanicsWhenConnectionDropsMidRequest(t *testing.T) {
	requireNamespaces(t)
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+panicChild)
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", firstLines(string(out), 24))
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "the agent's process must die: %v", err)
	assert.Contains(t, string(out), "panic: send on closed channel", "the agent's response writer panics")
	assert.Contains(t, string(out), "internal/guest/bridge/bridge.go", "in the bridge")
	assert.Contains(t, string(out), "in-flight: bridge closed=true guest unavailable=true")
	assert.Contains(t, string(out), "after: bridge closed=false guest unavailable=true")
}

// dropConnectionMidRequest is the child: it sends uvmnet's add of a NIC
// whose device is not there yet, so the agent waits in AddAdapter; closes
// the host's connection; reports what uvmnet's ready manager returned for
// that request and for one after; then lets the device appear, so the
// agent finishes the request and writes its response.
func dropConnectionMidRequest() {
	t := &childT{}
	a := startAgentChild(t)
	vm := newVMDouble(a)
	vm.prefix = "panic" // the parent's tests name theirs eth
	m := netlcow.NewGuestManager(a.gc)
	ids := newIDs(1)
	adapter := ids.adapter(step{kind: guestAdd, ns: "S1", nic: "N1", net: nicNet{noDefault: true}})
	done := make(chan error, 1)
	go func() { done <- m.AddNetworkInterface(context.Background(), adapter) }()
	time.Sleep(200 * time.Millisecond) // the request is in the agent, waiting for the device
	_ = a.gc.Close()
	err := <-done
	fmt.Printf("in-flight: bridge closed=%v guest unavailable=%v: %v\n", errors.Is(err, gcs.ErrBridgeClosed), errors.Is(err, netcore.ErrGuestUnavailable), err)
	err = m.AddNetworkInterface(context.Background(), adapter)
	fmt.Printf("after: bridge closed=%v guest unavailable=%v: %v\n", errors.Is(err, gcs.ErrBridgeClosed), errors.Is(err, netcore.ErrGuestUnavailable), err)
	if err := vm.hotAdd(adapter.ID, adapter.MacAddress); err != nil {
		fmt.Println("hot-add:", err)
	}
	time.Sleep(3 * time.Second)
	fmt.Println("the agent did not panic")
}

// childT lets the agent's helpers run outside a test: a failure ends the
// child.
type childT struct{ testing.TB }

func (*childT) Helper()                   {}
func (*childT) Cleanup(func())            {}
func (*childT) Errorf(f string, a ...any) { fmt.Printf(f+"\n", a...) }
func (*childT) FailNow()                  { os.Exit(3) }

func startAgentChild(t *childT) *agent { return startAgent(t) }

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
