//go:build windows && wcow

package network

import (
	"github.com/Microsoft/hcsshim/internal/vm/guestmanager"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netwcow"
)

// guestSteps are the Windows guest's steps on the guest connection.
func guestSteps(guest *guestmanager.Guest) netcore.GuestSteps {
	return netwcow.NewGuestSteps(netwcow.NewGuestManager(guest))
}
