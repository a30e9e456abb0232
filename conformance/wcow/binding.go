package wcow

import (
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/mocks/wcowmock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Binding returns the suite's binding for Windows guests with uvmnet's
// controller: netcore.New and netcore.Import over netwcow's guest steps
// (see [Netcore]), every capability declared, a gomock
// netwcow.GuestNetworkManager and a Windows guest agent over the simulator as
// the guest contract, the calls a Windows guest must receive for each
// step, and the wire-level run through netwcow's ready guest managers.
//
// To check another controller on Windows guests, replace New, Import,
// Capabilities (and Wrap, for a decorator): the rest is the platform's.
// The guest every [conformance.Pod] carries is a netwcow.GuestNetworkManager.
func Binding() conformance.Binding {
	n := Netcore()
	return conformance.Binding{
		Name:         "wcow",
		Capabilities: n.Capabilities(),
		New:          n.New,
		Import:       n.Import,
		MockGuest: func(ctrl *gomock.Controller) (any, conformance.ExpectGuestCall) {
			m := wcowmock.NewMockGuestNetworkManager(ctrl)
			return m, func(c conformance.GuestCall) *gomock.Call {
				return ctrl.RecordCall(m, c.Method, append([]any{gomock.Any()}, c.Args...)...)
			}
		},
		SimGuest: func(guest *conformance.SimGuest) any {
			return netwcow.GuestNetworkManager(simAgent{guest})
		},
		GuestCalls: guestCalls,
		Wire: &conformance.WireGuest{
			OverConnection: func(conn hcsmodify.GuestConnection) any {
				return netwcow.GuestNetworkManager(netwcow.NewGuestManager(conn))
			},
			OverComputeSystem: func(cs hcsmodify.ComputeSystem) any {
				return netwcow.GuestNetworkManager(netwcow.NewLegacyGuestManager(cs))
			},
			Agent: wireAgent,
		},
	}
}

// Netcore builds uvmnet's controller over a netwcow.GuestNetworkManager:
// what [Binding] uses, and what a binding checking a wrapper of uvmnet's
// controller builds on.
func Netcore() conformance.Netcore {
	return conformance.Netcore{Steps: func(guest any) netcore.GuestSteps {
		g, _ := guest.(netwcow.GuestNetworkManager)
		return netwcow.NewGuestSteps(g)
	}}
}
