package netwcow

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// netcore.New refuses steps over a guest manager built on no transport,
// whichever route, and a VM manager over no compute system.
func TestNewRefusesManagersOverMissingTransports(t *testing.T) {
	require.NoError(t, hcsmodifytest.CheckMissingTransportsRefused(hcsmodifytest.GuestWiring{
		OverConnection:    func(c hcsmodify.GuestConnection) netcore.GuestSteps { return NewGuestSteps(NewGuestManager(c)) },
		OverComputeSystem: func(cs hcsmodify.ComputeSystem) netcore.GuestSteps { return NewGuestSteps(NewLegacyGuestManager(cs)) },
		OverNilManager:    func() netcore.GuestSteps { return NewGuestSteps((*GuestManager)(nil)) },
	}))
}
