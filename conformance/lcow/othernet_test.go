package lcow

import (
	"testing"

	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/othernet"
	"github.com/uvmnet/uvmnet/conformance/internal/othernetbind"
	"github.com/uvmnet/uvmnet/conformance/mocks/lcowmock"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// otherNetBinding is the Linux binding with othernet as its controller.
func otherNetBinding() conformance.Binding {
	return othernetbind.Rebind(Binding(), othernetbind.Platform[netlcow.GuestNetworkManager]{
		Guest: othernet.LinuxGuest,
		Steps: netlcow.NewGuestSteps,
		Mock: func(ctrl *gomock.Controller) netlcow.GuestNetworkManager {
			return lcowmock.NewMockGuestNetworkManager(ctrl)
		},
		Sim:               func(g *conformance.SimGuest) netlcow.GuestNetworkManager { return simAgent{g} },
		OverConnection:    func(c hcsmodify.GuestConnection) netlcow.GuestNetworkManager { return netlcow.NewGuestManager(c) },
		OverComputeSystem: func(cs hcsmodify.ComputeSystem) netlcow.GuestNetworkManager { return netlcow.NewLegacyGuestManager(cs) },
	})
}

// TestSuiteIsNeutralToOtherNet runs the suite over othernet, a controller
// written apart from netcore's and unlike it, and holds every failure to
// the known places where the suite still demands uvmnet's own choices.
func TestSuiteIsNeutralToOtherNet(t *testing.T) {
	passed, failed := othernetbind.CheckNeutral(t, otherNetBinding(), false)
	t.Logf("othernet on Linux guests: %d scenarios passed, %d failed where the suite is not neutral", passed, failed)
}
