package wcow_test

import (
	"testing"

	"github.com/uvmnet/uvmnet/checks/guestplatforms/teardowntest"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netwcow"
)

// The ready managers read hcsshim's own transport errors: a shim that
// passes hcsshim's compute system and guest connection as they are tears
// a pod down after its VM or guest agent died, on the first call, and
// keeps an ordinary failure retryable.
func TestTeardownWithHcsshimTransportErrors(t *testing.T) {
	teardowntest.CheckTeardownErrors(t, teardowntest.Platform{
		Guest: func(conn hcsmodify.GuestConnection) netcore.GuestSteps {
			return netwcow.NewGuestSteps(netwcow.NewGuestManager(conn))
		},
		LegacyGuest: func(cs hcsmodify.ComputeSystem) netcore.GuestSteps {
			return netwcow.NewGuestSteps(netwcow.NewLegacyGuestManager(cs))
		},
	})
}
