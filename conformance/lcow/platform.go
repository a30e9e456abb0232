package lcow

import (
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/mocks/lcowmock"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Platform returns the suite's binding for Linux guests: controllers from
// netlcow.New and netlcow.Import, the gomock guest manager, the simulator's
// guest behind netlcow.GuestNetworkManager, and the calls a Linux guest
// must receive for each step.
func Platform() conformance.Platform {
	return conformance.Binding[netlcow.GuestNetworkManager, *netlcow.Controller]{
		PlatformName: "lcow",
		NewFunc:      netlcow.New,
		ImportFunc:   netlcow.Import,
		Mock: func(ctrl *gomock.Controller) netlcow.GuestNetworkManager {
			return lcowmock.NewMockGuestNetworkManager(ctrl)
		},
		Sim: func(guest *conformance.SimGuest) netlcow.GuestNetworkManager {
			return simGuest{guest}
		},
		Calls: guestCalls,
	}
}
