package bridge

import (
	"errors"
	"fmt"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/gcs"
	"github.com/uvmnet/uvmnet/netcore"
)

// ErrGuestConnectionUnavailable is hcsshim's guest manager's error for a
// guest it never connected to (internal/vm/guestmanager). The suite's
// guests are always connected, so no call returns it.
var ErrGuestConnectionUnavailable = errors.New("guest connection not initialized")

// Error is err as hcsshim's guest manager returns it. Its guest calls go
// over the GCS bridge only (internal/vm/guestmanager), which closes with
// the VM, so a guest call to a VM that is gone fails as a closed bridge,
// never as a compute-system error: on the suite's legacy wire route,
// where the guest request travels through the compute system, the VM's
// answer is read as that.
func Error(err error) error {
	if err != nil && errors.Is(err, netcore.ErrVMUnavailable) && !errors.Is(err, gcs.ErrBridgeClosed) {
		return fmt.Errorf("%w: %w", gcs.ErrBridgeClosed, err)
	}
	return err
}

// GuestCapabilities answers the guest's capabilities, as hcsshim's guest
// manager does: nil when the guest reported none.
type GuestCapabilities struct{ caps netcore.CapabilitiesProvider }

// NewCapabilities answers caps.
func NewCapabilities(caps netcore.CapabilitiesProvider) GuestCapabilities {
	return GuestCapabilities{caps: caps}
}

// Capabilities is the guest's capabilities.
func (c GuestCapabilities) Capabilities() gcs.GuestDefinedCapabilities {
	if c.caps == nil {
		return nil
	}
	return c.caps
}
