package uvmnetcheck

import (
	"context"
	"os/exec"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"

	"github.com/Microsoft/hcsshim/internal/guest/runtime/hcsv2"
)

// sandbox stands in for a pod's sandbox container: a process in a network
// namespace of its own, which the agent moves the pod's NICs into.
type sandbox struct {
	pid int
	ns  netns.NsHandle
	h   *netlink.Handle
}

// newSandbox starts the sandbox's process; the test's cleanup ends it,
// and its network namespace with it.
func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	cmd := exec.Command("sleep", "3600")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET, Pdeathsig: syscall.SIGKILL}
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	ns, err := netns.GetFromPid(cmd.Process.Pid)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ns.Close() })
	h, err := netlink.NewHandleAt(ns)
	require.NoError(t, err)
	t.Cleanup(h.Close)
	return &sandbox{pid: cmd.Process.Pid, ns: ns, h: h}
}

// start does what the agent does when the pod's sandbox container is
// created: assign the sandbox's pid to the pod's network namespace and
// Sync, moving and configuring every adapter it holds.
func (s *sandbox) start(ctx context.Context, namespaceID string) error {
	return hcsv2.UvmnetStartSandbox(ctx, namespaceID, s.pid)
}
