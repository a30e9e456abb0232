package simworld

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The documents handed to the Put methods become HCN's: a test that
// changes one afterwards changes what HCN holds. Reads hand out copies.

// PutNamespace puts a namespace into HCN, or replaces its document,
// keeping the endpoints it lists.
func (w *World) PutNamespace(ns *hcnmodel.Namespace) { w.PutNamespaceDocument(ns.Id, ns) }

// PutNamespaceDocument makes HCN answer a read of namespace id with doc,
// even when doc names another namespace, as an HCN that lies would.
func (w *World) PutNamespaceDocument(id string, doc *hcnmodel.Namespace) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.namespaces[id] = doc
}

// PutEndpoints puts endpoints into HCN, listed last in the namespace
// nsID, as CNI does when a network is attached to a pod.
func (w *World) PutEndpoints(nsID string, eps ...*hcnmodel.Endpoint) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ep := range eps {
		w.endpoints[ep.Id] = ep
		w.endpointIDs[nsID] = append(w.endpointIDs[nsID], ep.Id)
	}
}

// ListEndpointIDs makes the namespace nsID list endpoint IDs, last, that
// may have no endpoint behind them.
func (w *World) ListEndpointIDs(nsID string, ids ...string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.endpointIDs[nsID] = append(w.endpointIDs[nsID], ids...)
}

// PutLooseEndpoint puts an endpoint into HCN that belongs to no namespace:
// its HostComputeNamespace is empty and no namespace lists it.
func (w *World) PutLooseEndpoint(ep *hcnmodel.Endpoint) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ep.HostComputeNamespace = ""
	w.endpoints[ep.Id] = ep
}

// DropEndpoint takes an endpoint out of its namespace in HCN.
func (w *World) DropEndpoint(nsID, epID string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.endpoints, epID)
	w.endpointIDs[nsID] = slices.DeleteFunc(w.endpointIDs[nsID], func(id string) bool { return id == epID })
}

// VanishWhenRead makes CNI delete the endpoint just as it is read, after
// a namespace listing named it.
func (w *World) VanishWhenRead(epID string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.vanishOnRead[epID] = true
}

// EndpointDocument returns a copy of the endpoint HCN holds, or nil,
// without a call.
func (w *World) EndpointDocument(id string) *hcnmodel.Endpoint {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ep, ok := w.endpoints[id]; ok {
		return CopyEndpoint(ep)
	}
	return nil
}

// HasNamespace reports whether HCN holds the namespace.
func (w *World) HasNamespace(id string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	_, ok := w.namespaces[id]
	return ok
}

// GetNamespaceByID reads a namespace, as netcore's HostNetwork.
func (w *World) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	var ns *hcnmodel.Namespace
	err := w.call(ctx, Call{Manager: HostCall, Site: "host.GetNamespaceByID", Subject: id}, func() error {
		doc, ok := w.namespaces[id]
		if !ok {
			return fmt.Errorf("sim: namespace %s: %w", id, errdefs.ErrNotFound)
		}
		ns = CopyNamespace(doc)
		return nil
	})
	return ns, err
}

// GetNamespaceEndpointIDs lists a namespace's endpoints in HCN order, as
// netcore's HostNetwork.
func (w *World) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	var ids []string
	err := w.call(ctx, Call{Manager: HostCall, Site: "host.GetNamespaceEndpointIDs", Subject: id}, func() error {
		if _, ok := w.namespaces[id]; !ok {
			return fmt.Errorf("sim: namespace %s: %w", id, errdefs.ErrNotFound)
		}
		ids = slices.Clone(w.endpointIDs[id])
		return nil
	})
	return ids, err
}

// GetEndpointByID reads an endpoint, as netcore's HostNetwork.
func (w *World) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	var ep *hcnmodel.Endpoint
	err := w.call(ctx, Call{Manager: HostCall, Site: "host.GetEndpointByID", Subject: id}, func() error {
		if w.vanishOnRead[id] {
			delete(w.vanishOnRead, id)
			delete(w.endpoints, id)
			for ns, ids := range w.endpointIDs {
				w.endpointIDs[ns] = slices.DeleteFunc(ids, func(e string) bool { return e == id })
			}
		}
		doc, ok := w.endpoints[id]
		if !ok {
			return fmt.Errorf("sim: endpoint %s: %w", id, errdefs.ErrNotFound)
		}
		ep = CopyEndpoint(doc)
		return nil
	})
	return ep, err
}

// CopyNamespace copies a namespace document through its wire form, which
// is exactly the copy a real HCN read hands out.
func CopyNamespace(ns *hcnmodel.Namespace) *hcnmodel.Namespace { return copyJSON(ns) }

// CopyEndpoint copies an endpoint document through its wire form, which
// is exactly the copy a real HCN read hands out.
func CopyEndpoint(ep *hcnmodel.Endpoint) *hcnmodel.Endpoint { return copyJSON(ep) }

func copyJSON[T any](v *T) *T {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("simworld: document does not marshal: %v", err))
	}
	out := new(T)
	if err := json.Unmarshal(b, out); err != nil {
		panic(fmt.Sprintf("simworld: document does not unmarshal: %v", err))
	}
	return out
}
