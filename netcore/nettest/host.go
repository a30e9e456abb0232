package nettest

import (
	"context"
	"fmt"
	"sync"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Host is an in-memory HCN holding namespaces and their endpoints. It is
// safe for concurrent use. It hands out the documents it holds, not
// copies: the controller only reads them, and a benchmark should not pay
// for copies a real host would not make either.
type Host struct {
	// CopyOnRead makes every read return a fresh copy, the way the real
	// HCN decodes a new document per call. Set it when measuring memory a
	// controller keeps.
	CopyOnRead bool

	mu         sync.RWMutex
	namespaces map[string]*hcnmodel.Namespace
	endpoints  map[string]*hcnmodel.Endpoint
	members    map[string][]string
}

// NewHost returns an empty HCN.
func NewHost() *Host {
	return &Host{
		namespaces: map[string]*hcnmodel.Namespace{},
		endpoints:  map[string]*hcnmodel.Endpoint{},
		members:    map[string][]string{},
	}
}

// AddNamespace stores ns and its endpoints, in the order HCN lists them.
func (h *Host) AddNamespace(ns *hcnmodel.Namespace, endpoints ...*hcnmodel.Endpoint) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.namespaces[ns.Id] = ns
	for _, ep := range endpoints {
		h.endpoints[ep.Id] = ep
		h.members[ns.Id] = append(h.members[ns.Id], ep.Id)
	}
}

// GetNamespaceByID implements netcore.HostNetwork.
func (h *Host) GetNamespaceByID(_ context.Context, id string) (*hcnmodel.Namespace, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	ns, ok := h.namespaces[id]
	if !ok {
		return nil, fmt.Errorf("namespace %s: %w", id, errdefs.ErrNotFound)
	}
	if h.CopyOnRead {
		cp := *ns
		return &cp, nil
	}
	return ns, nil
}

// GetNamespaceEndpointIDs implements netcore.HostNetwork.
func (h *Host) GetNamespaceEndpointIDs(_ context.Context, id string) ([]string, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if _, ok := h.namespaces[id]; !ok {
		return nil, fmt.Errorf("namespace %s: %w", id, errdefs.ErrNotFound)
	}
	return h.members[id], nil
}

// GetEndpointByID implements netcore.HostNetwork.
func (h *Host) GetEndpointByID(_ context.Context, id string) (*hcnmodel.Endpoint, error) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	ep, ok := h.endpoints[id]
	if !ok {
		return nil, fmt.Errorf("endpoint %s: %w", id, errdefs.ErrNotFound)
	}
	if h.CopyOnRead {
		cp := *ep
		cp.IpConfigurations = append([]hcnmodel.IpConfig(nil), ep.IpConfigurations...)
		cp.Routes = append([]hcnmodel.Route(nil), ep.Routes...)
		cp.Dns.Search = append([]string(nil), ep.Dns.Search...)
		cp.Dns.ServerList = append([]string(nil), ep.Dns.ServerList...)
		return &cp, nil
	}
	return ep, nil
}
