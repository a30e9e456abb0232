package conformance_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/conformance/wcow"
)

// TestCheckCoversEveryCallSite holds the suite to its promise: every call
// Setup, Teardown and a hot-plug Reconcile make on either platform is
// faulted somewhere.
func TestCheckCoversEveryCallSite(t *testing.T) {
	want := map[string][]string{
		"lcow": {"guest.ConfigureNIC", "guest.RemoveNIC", "host.GetEndpointByID", "host.GetNamespaceByID",
			"host.GetNamespaceEndpointIDs",
			"hot-plug guest.ConfigureNIC", "hot-plug guest.RemoveNIC", "hot-plug host.GetEndpointByID",
			"hot-plug host.GetNamespaceByID", "hot-plug host.GetNamespaceEndpointIDs", "hot-plug vm.AddNIC", "hot-plug vm.RemoveNIC",
			"vm.AddNIC", "vm.RemoveNIC"},
		"wcow": {"guest.AddNamespace", "guest.ConfigureNIC", "guest.PrepareNIC", "guest.RemoveNIC", "guest.RemoveNamespace",
			"host.GetEndpointByID", "host.GetNamespaceByID", "host.GetNamespaceEndpointIDs",
			"hot-plug guest.ConfigureNIC", "hot-plug guest.PrepareNIC", "hot-plug guest.RemoveNIC", "hot-plug host.GetEndpointByID",
			"hot-plug host.GetNamespaceByID", "hot-plug host.GetNamespaceEndpointIDs", "hot-plug vm.AddNIC", "hot-plug vm.RemoveNIC",
			"vm.AddNIC", "vm.RemoveNIC"},
	}
	for _, p := range []conformance.Platform{lcow.Platform(), wcow.Platform()} {
		rep := conformance.Suite{Seed: 7, RandomSteps: 20}.Check(p)
		assert.Zero(t, rep.Failed(), "%s", p.Name())
		assert.Equal(t, want[p.Name()], rep.CallSites(), "%s", p.Name())
		assert.Greater(t, rep.FaultPoints(), 100, "%s", p.Name())
	}
}
