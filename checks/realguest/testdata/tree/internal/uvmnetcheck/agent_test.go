package uvmnetcheck

import (
	"context"
	"io"
	"net"
	"os"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/Microsoft/hcsshim/internal/gcs"
	"github.com/Microsoft/hcsshim/internal/guest/bridge"
	"github.com/Microsoft/hcsshim/internal/guest/runtime/hcsv2"
	"github.com/Microsoft/hcsshim/internal/guest/transport"
	"github.com/Microsoft/hcsshim/pkg/securitypolicy"
)

// agent is hcsshim's Linux guest agent, wired as cmd/gcs/main.go wires
// it for a Utility VM (bridge.New with the v4 protocol over NewBridgeMux,
// hcsv2.NewHost, AssignHandlers,
// ListenAndServe) but with no OCI runtime, no vsock transport and an
// open-door security policy, and the real host side of the guest
// connection (gcs.GuestConnection) connected to it over a socket pair.
type agent struct {
	gc     *gcs.GuestConnection
	host   net.Conn
	served chan error
}

// startAgent starts an agent and connects to it; the test's cleanup
// closes the connection and waits for the agent to stop serving.
func startAgent(t testing.TB) *agent {
	t.Helper()
	hostConn, guestConn := socketPair(t)
	a := &agent{host: hostConn, served: make(chan error, 1)}
	mux := bridge.NewBridgeMux()
	b := bridge.New(mux, true) // -v4, as the host boots the agent
	b.AssignHandlers(mux, hcsv2.NewHost(nil, &transport.DevNullTransport{}, &securitypolicy.OpenDoorSecurityPolicyEnforcer{}, io.Discard))
	go func() { a.served <- b.ListenAndServe(guestConn, guestConn) }()

	cfg := gcs.GuestConnectionConfig{Conn: hostConn, Log: logrus.NewEntry(logrus.StandardLogger())}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	gc, err := cfg.Connect(ctx, true)
	require.NoError(t, err, "connecting to the guest agent")
	a.gc = gc
	t.Cleanup(func() {
		_ = gc.Close()
		select {
		case <-a.served:
		case <-time.After(10 * time.Second):
			t.Error("the guest agent did not stop serving after the connection closed")
		}
	})
	return a
}

// socketPair returns the two ends of a connected unix stream socket pair.
func socketPair(t testing.TB) (net.Conn, net.Conn) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	require.NoError(t, err)
	conn := func(fd int, name string) net.Conn {
		f := os.NewFile(uintptr(fd), name)
		defer f.Close()
		c, err := net.FileConn(f)
		require.NoError(t, err)
		return c
	}
	return conn(fds[0], "host"), conn(fds[1], "guest")
}
