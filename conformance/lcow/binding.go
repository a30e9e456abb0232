package lcow

import (
	"context"

	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/mocks/lcowmock"
	"github.com/uvmnet/uvmnet/conformance/internal/netcoresubject"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Platform returns the suite's Linux-guest platform: a gomock
// netlcow.GuestNetworkManager and a Linux guest agent over the simulator
// as the guest, the calls a Linux guest must receive for each step, and
// the wire-level run through netlcow's ready guest managers. Check a
// controller on it with conformance.Run(t, lcow.Platform(), subject),
// the subject's Pod carrying a netlcow.GuestNetworkManager.
func Platform() conformance.Platform[netlcow.GuestNetworkManager] {
	return conformance.Platform[netlcow.GuestNetworkManager]{
		Name: "lcow",
		MockGuest: func(ctrl *gomock.Controller) (netlcow.GuestNetworkManager, conformance.ExpectGuestCall) {
			m := lcowmock.NewMockGuestNetworkManager(ctrl)
			return m, func(c conformance.GuestCall) *gomock.Call {
				return ctrl.RecordCall(m, c.Method, append([]any{gomock.Any()}, c.Args...)...)
			}
		},
		SimGuest: func(guest *conformance.SimGuest) netlcow.GuestNetworkManager {
			return simAgent{guest}
		},
		GuestCalls: guestCalls,
		StartSandbox: func(ctx context.Context, g *conformance.SimGuest, namespaceID string) error {
			return g.StartSandbox(ctx, namespaceID)
		},
		Wire: &conformance.WireGuest[netlcow.GuestNetworkManager]{
			OverConnection: func(conn hcsmodify.GuestConnection) netlcow.GuestNetworkManager {
				return netlcow.NewGuestManager(conn)
			},
			OverComputeSystem: func(cs hcsmodify.ComputeSystem) netlcow.GuestNetworkManager {
				return netlcow.NewLegacyGuestManager(cs)
			},
			Agent: wireAgent,
		},
	}
}

// Uvmnet returns uvmnet's own controller as the subject on Linux guests:
// netcore.New and netcore.Import over netlcow's guest steps, every
// capability declared. conformance.Run(t, lcow.Platform(), lcow.Uvmnet())
// checks uvmnet itself; set Wrap to check a shim's wrapper of it.
func Uvmnet() conformance.Subject[netlcow.GuestNetworkManager] {
	return netcoresubject.Netcore[netlcow.GuestNetworkManager]{Steps: netlcow.NewGuestSteps}.Subject()
}
