package nettest

import (
	"context"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

func TestHostServesPods(t *testing.T) {
	h := NewHost()
	a, b := h.Pod(1, 3), h.Pod(2, 1)
	assert.NotEqual(t, a, b)
	ctx := context.Background()

	ids, err := h.GetNamespaceEndpointIDs(ctx, a)
	require.NoError(t, err)
	require.Len(t, ids, 3)
	ep, err := h.GetEndpointByID(ctx, ids[2])
	require.NoError(t, err)
	assert.Equal(t, "pod1-eth0", ep.Name)
	assert.Equal(t, a, ep.HostComputeNamespace)
	require.Len(t, ep.Routes, 1, "eth0 carries the pod's default route")
	assert.Equal(t, "0.0.0.0/0", ep.Routes[0].DestinationPrefix)
	for _, id := range ids[:2] {
		other, err := h.GetEndpointByID(ctx, id)
		require.NoError(t, err)
		assert.Empty(t, other.Routes, "%s: one default route per pod, which a Linux guest can add", other.Name)
	}

	_, err = h.GetNamespaceByID(ctx, "00000000-0000-0000-0000-000000000000")
	assert.True(t, errdefs.IsNotFound(err))
	_, err = h.GetEndpointByID(ctx, "nope")
	assert.True(t, errdefs.IsNotFound(err))
}

// A big pod is still a valid pod: past 254 endpoints the addresses and
// MACs must neither overflow an octet nor repeat.
func TestPodOfManyEndpointsIsValid(t *testing.T) {
	for _, n := range []int{255, 256, 1000} {
		h := NewHost()
		nsID := h.Pod(3, n)
		ctx := context.Background()
		ids, err := h.GetNamespaceEndpointIDs(ctx, nsID)
		require.NoError(t, err)
		require.Len(t, ids, n)
		eps := make([]*hcnmodel.Endpoint, n)
		for i, id := range ids {
			eps[i], err = h.GetEndpointByID(ctx, id)
			require.NoError(t, err)
		}
		require.NoError(t, netcore.ValidateEndpoints(nsID, eps), "n=%d", n)
		addrs := map[string]bool{}
		for _, ep := range eps {
			addr := ep.IpConfigurations[0].IpAddress
			assert.False(t, addrs[addr], "n=%d: address %s repeated", n, addr)
			addrs[addr] = true
		}
	}
}
