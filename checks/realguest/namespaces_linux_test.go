package realguest_test

import (
	"os/exec"
	"syscall"
)

// inPrivateNamespaces starts cmd in a mount namespace of its own, for the
// tmpfs over /sys/bus, and a network namespace of its own, for the links
// the VM double hot-adds: the machine's own stay as they are.
func inPrivateNamespaces(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNS | syscall.CLONE_NEWNET}
}
