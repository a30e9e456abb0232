package wcow_test

import (
	"testing"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netwcow"
)

// TestOwnControllerBlockFilledWithNetcorePasses: the README's Windows
// own-controller block, filled in with uvmnet's netcore.New as its
// comment says, passes under each answer of the Windows guest agent.
func TestOwnControllerBlockFilledWithNetcorePasses(t *testing.T) {
	newPodNetwork := func(pod wcow.Pod) (conformance.Controller, error) {
		c, err := netcore.New(pod.Config(netwcow.NewGuestSteps(pod.Guest)))
		if err != nil {
			return nil, err
		}
		return c, nil
	}
	conformance.Run(t, wcow.Platform(), conformance.Subject[netwcow.GuestNetworkManager]{
		Capabilities: conformance.Capabilities{},
		New:          newPodNetwork,
	})
}
