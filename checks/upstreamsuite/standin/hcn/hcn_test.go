package hcn

import (
	"context"
	"errors"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// fakeHost answers one namespace holding one endpoint, not found otherwise,
// and sees the context each read is made with.
type fakeHost struct{ ctxs []context.Context }

func (h *fakeHost) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	h.ctxs = append(h.ctxs, ctx)
	if id != "ns" {
		return nil, errdefs.ErrNotFound
	}
	return &hcnmodel.Namespace{Id: id}, nil
}

func (h *fakeHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	h.ctxs = append(h.ctxs, ctx)
	if id != "ns" {
		return nil, errdefs.ErrNotFound
	}
	return []string{"ep"}, nil
}

func (h *fakeHost) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	h.ctxs = append(h.ctxs, ctx)
	if id != "ep" {
		return nil, errdefs.ErrNotFound
	}
	return &hcnmodel.Endpoint{Id: id}, nil
}

func TestReadsAnswerFromTheServedHostWithHcsshimsNotFoundErrors(t *testing.T) {
	Serve(nil)
	_, err := GetNamespaceByID("ns")
	require.ErrorIs(t, err, errNoHost)

	h := &fakeHost{}
	Serve(h)
	t.Cleanup(func() { Serve(nil) })
	ns, err := GetNamespaceByID("ns")
	require.NoError(t, err)
	assert.Equal(t, "ns", ns.Id)
	ids, err := GetNamespaceEndpointIds("ns")
	require.NoError(t, err)
	assert.Equal(t, []string{"ep"}, ids)
	_, err = GetEndpointByID("ep")
	require.NoError(t, err)

	_, err = GetNamespaceByID("gone")
	assert.True(t, errors.As(err, &NamespaceNotFoundError{}), "%v", err)
	assert.Equal(t, `Namespace ID "gone" not found`, err.Error())
	_, err = GetNamespaceEndpointIds("gone")
	assert.True(t, errors.As(err, &NamespaceNotFoundError{}), "%v", err)
	_, err = GetEndpointByID("gone")
	assert.True(t, errors.As(err, &EndpointNotFoundError{}), "%v", err)
	assert.Equal(t, `Endpoint ID "gone" not found`, err.Error())

	for _, ctx := range h.ctxs {
		assert.Nil(t, ctx.Done(), "hcsshim's HCN reads take no context: none can end")
	}
}
