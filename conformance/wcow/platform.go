package wcow

import (
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/mocks/wcowmock"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Platform returns the suite's binding for Windows guests: controllers from
// netwcow.New and netwcow.Import, the gomock guest manager, the simulator's
// guest behind netwcow.GuestNetworkManager, and the calls a Windows guest
// must receive for each step.
func Platform() conformance.Platform {
	return conformance.Binding[netwcow.GuestNetworkManager, *netwcow.Controller]{
		PlatformName: "wcow",
		NewFunc:      netwcow.New,
		ImportFunc:   netwcow.Import,
		Mock: func(ctrl *gomock.Controller) netwcow.GuestNetworkManager {
			return wcowmock.NewMockGuestNetworkManager(ctrl)
		},
		Sim: func(guest *conformance.SimGuest) netwcow.GuestNetworkManager {
			return simGuest{guest}
		},
		Calls: guestCalls,
	}
}
