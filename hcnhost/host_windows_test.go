package hcnhost

import (
	"context"
	"errors"
	"testing"

	"github.com/Microsoft/hcsshim/hcn"
	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The HCN calls themselves need a Windows host with the HNS service; these
// tests cover what does not: hcsshim's error types are recognised, and a
// cancelled context stops a read before any system call is made.

func TestIsNotFoundRecognisesHCNErrors(t *testing.T) {
	assert.True(t, isNotFound(hcn.NamespaceNotFoundError{NamespaceID: "ns"}))
	assert.True(t, isNotFound(hcn.EndpointNotFoundError{EndpointID: "ep"}))
	assert.False(t, isNotFound(errors.New("access denied")))
	assert.False(t, isNotFound(nil))
}

func TestHCNMapsNotFoundToErrdefs(t *testing.T) {
	err := readError(kindEndpoint, "ep", hcn.EndpointNotFoundError{EndpointID: "ep"}, isNotFound)

	assert.True(t, errdefs.IsNotFound(err))
}

func TestHCNStopsOnCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h, err := New()
	require.NoError(t, err)
	const id = "9e1d4b7a-3c2f-4e8d-a6b0-5f7c1e2d8a34"

	_, err = h.GetNamespaceByID(ctx, id)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, id)

	_, err = h.GetNamespaceEndpointIDs(ctx, id)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, id)

	_, err = h.GetEndpointByID(ctx, id)
	assert.ErrorIs(t, err, context.Canceled)
	assert.ErrorContains(t, err, id)
}
