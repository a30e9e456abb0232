package netwcow

import (
	"errors"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

var (
	_ netcore.Validator = (*GuestManager)(nil)
	_ netcore.Validator = guestSteps{}
)

// Validate implements [netcore.Validator]: it reports a GuestManager with
// no transport to send on, which netcore.New then refuses.
func (g *GuestManager) Validate() error {
	if g == nil {
		return errors.New("nil GuestManager (use NewGuestManager or NewLegacyGuestManager)")
	}
	return hcsmodify.CheckRoute(g.route)
}

// Validate implements [netcore.Validator] for the steps by asking the
// guest manager they drive, when it can tell.
func (s guestSteps) Validate() error {
	if v, ok := s.guest.(netcore.Validator); ok {
		return v.Validate()
	}
	return nil
}
