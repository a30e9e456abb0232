package wcow

import (
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/mocks/wcowmock"
	"github.com/uvmnet/uvmnet/conformance/internal/netcoresubject"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Platform returns the suite's Windows-guest platform, run once per
// [Answers] of the closed-source guest agent: a gomock
// netwcow.GuestNetworkManager and a Windows guest agent over the simulator
// as the guest, the calls a Windows guest must receive for each step, and
// the wire-level run through netwcow's ready guest managers. Check a
// controller on it with conformance.Run(t, wcow.Platform(), subject),
// the subject's Pod carrying a netwcow.GuestNetworkManager.
func Platform() conformance.Platform[netwcow.GuestNetworkManager] {
	return conformance.Platform[netwcow.GuestNetworkManager]{
		Name: "wcow",
		MockGuest: func(ctrl *gomock.Controller) (netwcow.GuestNetworkManager, conformance.ExpectGuestCall) {
			m := wcowmock.NewMockGuestNetworkManager(ctrl)
			return m, func(c conformance.GuestCall) *gomock.Call {
				return ctrl.RecordCall(m, c.Method, append([]any{gomock.Any()}, c.Args...)...)
			}
		},
		SimGuest: func(guest *conformance.SimGuest) netwcow.GuestNetworkManager {
			return simAgent{guest}
		},
		GuestCalls: guestCalls,
		Wire: &conformance.WireGuest[netwcow.GuestNetworkManager]{
			OverConnection: func(conn hcsmodify.GuestConnection) netwcow.GuestNetworkManager {
				return netwcow.NewGuestManager(conn)
			},
			OverComputeSystem: func(cs hcsmodify.ComputeSystem) netwcow.GuestNetworkManager {
				return netwcow.NewLegacyGuestManager(cs)
			},
			Agent: wireAgent,
		},
		Answers: Answers,
	}
}

// Uvmnet returns uvmnet's own controller as the subject on Windows guests:
// netcore.New and netcore.Import over netwcow's guest steps, every
// capability declared. conformance.Run(t, wcow.Platform(), wcow.Uvmnet())
// checks uvmnet itself; set Wrap to check a shim's wrapper of it.
func Uvmnet() conformance.Subject[netwcow.GuestNetworkManager] {
	return netcoresubject.Netcore[netwcow.GuestNetworkManager]{Steps: netwcow.NewGuestSteps}.Subject()
}
