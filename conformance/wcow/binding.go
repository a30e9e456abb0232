package wcow

import (
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/mocks/wcowmock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Binding returns the suite's binding for Windows guests: controllers from
// netcore.New and netcore.Import, netwcow's guest steps in front of a
// gomock netwcow.GuestNetworkManager and of a Windows guest agent over the
// simulator, the calls a Windows guest must receive for each step, and the
// wire-level run through netwcow's ready guest managers.
func Binding() conformance.Binding {
	return conformance.Binding{
		Name:   "wcow",
		New:    conformance.NewController,
		Import: conformance.ImportController,
		MockGuest: func(ctrl *gomock.Controller) (netcore.GuestSteps, conformance.ExpectGuestCall) {
			m := wcowmock.NewMockGuestNetworkManager(ctrl)
			return netwcow.NewGuestSteps(m), func(c conformance.GuestCall) *gomock.Call {
				return ctrl.RecordCall(m, c.Method, append([]any{gomock.Any()}, c.Args...)...)
			}
		},
		SimGuest: func(guest *conformance.SimGuest) netcore.GuestSteps {
			return netwcow.NewGuestSteps(simAgent{guest})
		},
		GuestCalls: guestCalls,
		Wire: &conformance.WireGuest{
			OverConnection: func(conn hcsmodify.GuestConnection) netcore.GuestSteps {
				return netwcow.NewGuestSteps(netwcow.NewGuestManager(conn))
			},
			OverComputeSystem: func(cs hcsmodify.ComputeSystem) netcore.GuestSteps {
				return netwcow.NewGuestSteps(netwcow.NewLegacyGuestManager(cs))
			},
			Agent: wireAgent,
		},
	}
}
