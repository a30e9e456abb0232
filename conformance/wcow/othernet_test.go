package wcow

import (
	"testing"

	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/othernet"
	"github.com/uvmnet/uvmnet/conformance/internal/othernetbind"
	"github.com/uvmnet/uvmnet/conformance/mocks/wcowmock"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netwcow"
)

// otherNetBinding is the Windows binding with othernet as its controller.
func otherNetBinding() conformance.Binding {
	return othernetbind.Rebind(Binding(), othernetbind.Platform[netwcow.GuestNetworkManager]{
		Guest: othernet.WindowsGuest,
		Steps: netwcow.NewGuestSteps,
		Mock: func(ctrl *gomock.Controller) netwcow.GuestNetworkManager {
			return wcowmock.NewMockGuestNetworkManager(ctrl)
		},
		Sim:               func(g *conformance.SimGuest) netwcow.GuestNetworkManager { return simAgent{g} },
		OverConnection:    func(c hcsmodify.GuestConnection) netwcow.GuestNetworkManager { return netwcow.NewGuestManager(c) },
		OverComputeSystem: func(cs hcsmodify.ComputeSystem) netwcow.GuestNetworkManager { return netwcow.NewLegacyGuestManager(cs) },
	})
}

// TestSuiteIsNeutralToOtherNet runs the suite over othernet, a controller
// written apart from netcore's and unlike it, and holds every failure to
// the known places where the suite still demands uvmnet's own choices.
func TestSuiteIsNeutralToOtherNet(t *testing.T) {
	passed, failed := othernetbind.CheckNeutral(t, otherNetBinding(), true)
	t.Logf("othernet on Windows guests: %d scenarios passed, %d failed where the suite is not neutral", passed, failed)
}
