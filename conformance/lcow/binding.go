package lcow

import (
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/mocks/lcowmock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Binding returns the suite's binding for Linux guests: controllers from
// netcore.New and netcore.Import, netlcow's guest steps in front of a
// gomock netlcow.GuestNetworkManager and of a Linux guest agent over the
// simulator, the calls a Linux guest must receive for each step, and the
// wire-level run through netlcow's ready guest managers.
func Binding() conformance.Binding {
	return conformance.Binding{
		Name:   "lcow",
		New:    conformance.NewController,
		Import: conformance.ImportController,
		MockGuest: func(ctrl *gomock.Controller) (netcore.GuestSteps, conformance.ExpectGuestCall) {
			m := lcowmock.NewMockGuestNetworkManager(ctrl)
			return netlcow.NewGuestSteps(m), func(c conformance.GuestCall) *gomock.Call {
				return ctrl.RecordCall(m, c.Method, append([]any{gomock.Any()}, c.Args...)...)
			}
		},
		SimGuest: func(guest *conformance.SimGuest) netcore.GuestSteps {
			return netlcow.NewGuestSteps(simAgent{guest})
		},
		GuestCalls: guestCalls,
		Wire: &conformance.WireGuest{
			OverConnection: func(conn hcsmodify.GuestConnection) netcore.GuestSteps {
				return netlcow.NewGuestSteps(netlcow.NewGuestManager(conn))
			},
			OverComputeSystem: func(cs hcsmodify.ComputeSystem) netcore.GuestSteps {
				return netlcow.NewGuestSteps(netlcow.NewLegacyGuestManager(cs))
			},
			Agent: wireAgent,
		},
	}
}
