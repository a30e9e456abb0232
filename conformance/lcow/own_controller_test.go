package lcow_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// ownController is the README's own-controller block: a shim's
// constructor from the suite's Pod, declaring nothing.
func ownController(newPodNetwork func(pod lcow.Pod) (conformance.Controller, error)) conformance.Subject[netlcow.GuestNetworkManager] {
	return conformance.Subject[netlcow.GuestNetworkManager]{Capabilities: conformance.Capabilities{}, New: newPodNetwork}
}

// TestOwnControllerBlockFilledWithNetcorePasses: the README's
// own-controller block, filled in with uvmnet's netcore.New as its
// comment says, passes on the Linux platform.
func TestOwnControllerBlockFilledWithNetcorePasses(t *testing.T) {
	conformance.Run(t, lcow.Platform(), ownController(func(pod lcow.Pod) (conformance.Controller, error) {
		c, err := netcore.New(pod.Config(netlcow.NewGuestSteps(pod.Guest)))
		if err != nil {
			return nil, err
		}
		return c, nil
	}))
}

// TestADroppedFieldIsNamedInTheDiff: a constructor that drops the pod's
// policy-based routing fails the call contract, and the failure names
// the field that differs rather than printing two long values.
func TestADroppedFieldIsNamedInTheDiff(t *testing.T) {
	subject := ownController(func(pod lcow.Pod) (conformance.Controller, error) {
		c, err := netcore.New(netcore.Config{
			NamespaceID:  pod.NamespaceID,
			VM:           pod.VM,
			Host:         pod.Host,
			Guest:        netlcow.NewGuestSteps(pod.Guest),
			Capabilities: pod.Capabilities,
		})
		if err != nil {
			return nil, err
		}
		return c, nil
	})
	reps, err := conformance.Suite{Seed: 1, Match: regexp.MustCompile(`^c1/contract/setup-teardown/ns-on/1-endpoints$`)}.Check(conformance.Bind(lcow.Platform(), subject))
	require.NoError(t, err)
	require.Len(t, reps[0].Results, 1)
	res := reps[0].Results[0]
	require.True(t, res.Failed())
	all := strings.Join(res.Failures, "\n")
	assert.Contains(t, all, "Differs in: PolicyBasedRouting: got (zero), want true", all)
	assert.Contains(t, all, "Got: &{NamespaceID:", "the argument the controller passed, with its field names")
}
