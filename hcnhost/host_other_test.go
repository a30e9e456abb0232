//go:build !windows

package hcnhost

import (
	"context"
	"runtime"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewNamesThePlatformOffWindows(t *testing.T) {
	h, err := New()

	require.Error(t, err)
	assert.Nil(t, h)
	assert.True(t, errdefs.IsNotImplemented(err), "want errdefs not-implemented, got %v", err)
	assert.ErrorContains(t, err, "GOOS="+runtime.GOOS)
}

func TestZeroHCNRefusesEveryReadOffWindows(t *testing.T) {
	var h HCN
	ctx := context.Background()

	ns, err := h.GetNamespaceByID(ctx, "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34")
	assert.Nil(t, ns)
	assert.True(t, errdefs.IsNotImplemented(err), "GetNamespaceByID: %v", err)

	ids, err := h.GetNamespaceEndpointIDs(ctx, "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34")
	assert.Nil(t, ids)
	assert.True(t, errdefs.IsNotImplemented(err), "GetNamespaceEndpointIDs: %v", err)

	ep, err := h.GetEndpointByID(ctx, "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90")
	assert.Nil(t, ep)
	assert.True(t, errdefs.IsNotImplemented(err), "GetEndpointByID: %v", err)
}
