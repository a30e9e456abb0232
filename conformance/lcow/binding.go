package lcow

import (
	"context"

	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/mocks/lcowmock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Binding returns the suite's binding for Linux guests with uvmnet's
// controller: netcore.New and netcore.Import over netlcow's guest steps
// (see [Netcore]), every capability declared, a gomock
// netlcow.GuestNetworkManager and a Linux guest agent over the simulator as
// the guest contract, the calls a Linux guest must receive for each
// step, and the wire-level run through netlcow's ready guest managers.
//
// To check another controller on Linux guests, replace New, Import,
// Capabilities (and Wrap, for a decorator): the rest is the platform's.
// The guest every [conformance.Pod] carries is a netlcow.GuestNetworkManager.
func Binding() conformance.Binding {
	n := Netcore()
	return conformance.Binding{
		Name:         "lcow",
		Capabilities: n.Capabilities(),
		New:          n.New,
		Import:       n.Import,
		MockGuest: func(ctrl *gomock.Controller) (any, conformance.ExpectGuestCall) {
			m := lcowmock.NewMockGuestNetworkManager(ctrl)
			return m, func(c conformance.GuestCall) *gomock.Call {
				return ctrl.RecordCall(m, c.Method, append([]any{gomock.Any()}, c.Args...)...)
			}
		},
		SimGuest: func(guest *conformance.SimGuest) any {
			return netlcow.GuestNetworkManager(simAgent{guest})
		},
		GuestCalls: guestCalls,
		StartSandbox: func(ctx context.Context, g *conformance.SimGuest, namespaceID string) error {
			return g.StartSandbox(ctx, namespaceID)
		},
		Wire: &conformance.WireGuest{
			OverConnection: func(conn hcsmodify.GuestConnection) any {
				return netlcow.GuestNetworkManager(netlcow.NewGuestManager(conn))
			},
			OverComputeSystem: func(cs hcsmodify.ComputeSystem) any {
				return netlcow.GuestNetworkManager(netlcow.NewLegacyGuestManager(cs))
			},
			Agent: wireAgent,
		},
	}
}

// Netcore builds uvmnet's controller over a netlcow.GuestNetworkManager:
// what [Binding] uses, and what a binding checking a wrapper of uvmnet's
// controller builds on.
func Netcore() conformance.Netcore {
	return conformance.Netcore{Steps: func(guest any) netcore.GuestSteps {
		g, _ := guest.(netlcow.GuestNetworkManager)
		return netlcow.NewGuestSteps(g)
	}}
}
