package uvmnetcheck

import (
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// inNamespacesEnv is set by the realguest check when it starts this
// binary in private mount and network namespaces.
const inNamespacesEnv = "UVMNET_REALGUEST_NAMESPACES"

// vmbusDevices is where the agent looks for a hot-added NIC's device
// (internal/guest/storage/vmbus, WaitForDevicePath).
const vmbusDevices = "/sys/bus/vmbus/devices"

// childEnv names the test a child process of the harness runs (see
// runChild); such a child inherits the parent's namespaces and mounts.
const childEnv = "UVMNET_REALGUEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == panicChild {
		logrus.SetOutput(io.Discard)
		dropConnectionMidRequest()
		os.Exit(0)
	}
	if os.Getenv(inNamespacesEnv) == "1" {
		if err := privateDeviceTree(); err != nil {
			fmt.Fprintln(os.Stderr, "realguest harness:", err)
			os.Exit(2)
		}
	}
	// The agent and the guest connection log through logrus; their logs
	// are not the harness's findings.
	logrus.SetOutput(io.Discard)
	os.Exit(m.Run())
}

// privateDeviceTree lays a tmpfs over /sys/bus in this process's own
// mount namespace, so the VM double can create the device entries the
// agent waits for, and brings this network namespace's loopback up.
func privateDeviceTree() error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("making mounts private: %w", err)
	}
	if err := unix.Mount("tmpfs", "/sys/bus", "tmpfs", 0, "mode=0755"); err != nil {
		return fmt.Errorf("tmpfs over /sys/bus: %w", err)
	}
	if err := os.MkdirAll(vmbusDevices, 0o755); err != nil {
		return err
	}
	lo, err := netlink.LinkByName("lo")
	if err != nil {
		return err
	}
	return netlink.LinkSetUp(lo)
}

// requireNamespaces skips a test outside the namespaces the check makes:
// it would touch the machine's own network and devices.
func requireNamespaces(t *testing.T) {
	t.Helper()
	if os.Getenv(inNamespacesEnv) != "1" {
		t.Skipf("runs only in the private namespaces checks/realguest makes (%s=1)", inNamespacesEnv)
	}
}
