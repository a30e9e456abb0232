//go:build windows && lcow

package network

import (
	"github.com/Microsoft/hcsshim/internal/vm/guestmanager"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// guestSteps are the Linux guest's steps on the guest connection.
func guestSteps(guest *guestmanager.Guest) netcore.GuestSteps {
	return netlcow.NewGuestSteps(netlcow.NewGuestManager(guest))
}
