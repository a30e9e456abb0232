package main

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// fileHost is an HCN holding one namespace and the endpoints read from the
// operator's files, all in that namespace, listed in the order the files
// gave them. It keeps every endpoint the files list, duplicates included,
// so that the controller, not this reader, judges them: Setup refuses a
// namespace listing one endpoint twice, and the operator sees that refusal.
//
// The command carries its own rather than netcore/nettest's in-memory
// host, so the production binary links no test helpers.
type fileHost struct {
	ns        *hcnmodel.Namespace
	ids       []string
	endpoints map[string]*hcnmodel.Endpoint
}

var _ netcore.HostNetwork = (*fileHost)(nil)

func newFileHost(ns *hcnmodel.Namespace, eps []*hcnmodel.Endpoint) *fileHost {
	h := &fileHost{ns: ns, endpoints: make(map[string]*hcnmodel.Endpoint, len(eps))}
	for _, ep := range eps {
		h.ids = append(h.ids, ep.Id)
		if _, seen := h.endpoints[ep.Id]; !seen {
			h.endpoints[ep.Id] = ep
		}
	}
	return h
}

func (h *fileHost) GetNamespaceByID(_ context.Context, id string) (*hcnmodel.Namespace, error) {
	if id != h.ns.Id {
		return nil, fmt.Errorf("namespace %s: %w", id, errdefs.ErrNotFound)
	}
	return h.ns, nil
}

func (h *fileHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	if _, err := h.GetNamespaceByID(ctx, id); err != nil {
		return nil, err
	}
	return h.ids, nil
}

func (h *fileHost) GetEndpointByID(_ context.Context, id string) (*hcnmodel.Endpoint, error) {
	ep, ok := h.endpoints[id]
	if !ok {
		return nil, fmt.Errorf("endpoint %s: %w", id, errdefs.ErrNotFound)
	}
	return ep, nil
}
