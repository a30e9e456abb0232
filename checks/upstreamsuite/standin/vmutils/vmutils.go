package vmutils

import (
	"errors"

	"github.com/uvmnet/uvmnet/netcore"
)

// IsVMNotAvailableError reports whether err says the VM is gone. hcsshim
// reads HCS's not-exist, already-stopped, already-closed and
// invalid-state answers; the suite's VMs say all of them by wrapping
// netcore.ErrVMUnavailable (netcore/hcsmodify reads the HRESULTs).
func IsVMNotAvailableError(err error) bool { return errors.Is(err, netcore.ErrVMUnavailable) }
