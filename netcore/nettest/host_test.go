package nettest

import (
	"context"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

	_, err = h.GetNamespaceByID(ctx, "00000000-0000-0000-0000-000000000000")
	assert.True(t, errdefs.IsNotFound(err))
	_, err = h.GetEndpointByID(ctx, "nope")
	assert.True(t, errdefs.IsNotFound(err))
}

func TestSleepHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Sleep(ctx, 1<<40), context.Canceled)
}
