package hcnhost

import (
	"context"
	"fmt"

	"github.com/Microsoft/hcsshim/hcn"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// New returns the host network backed by HCN. On Windows it does not
// fail; the error is for the other platforms, where HCN does not exist.
func New() (*HCN, error) { return &HCN{}, nil }

// The hcn calls take no context and cannot be interrupted, so each method
// checks ctx before it starts; a cancelled Setup then stops at the next read
// instead of issuing more system calls.

// GetNamespaceByID implements [netcore.HostNetwork].
func (*HCN) GetNamespaceByID(ctx context.Context, namespaceID string) (*hcnmodel.Namespace, error) {
	if err := ctx.Err(); err != nil {
		return nil, readError(kindNamespace, namespaceID, err, isNotFound)
	}
	ns, err := hcn.GetNamespaceByID(namespaceID)
	if err != nil {
		return nil, readError(kindNamespace, namespaceID, err, isNotFound)
	}
	if ns == nil {
		return nil, readError(kindNamespace, namespaceID, hcn.NamespaceNotFoundError{NamespaceID: namespaceID}, isNotFound)
	}
	out, err := FromHCNNamespace(ns)
	if err != nil {
		return nil, fmt.Errorf("HCN namespace %s: %w", namespaceID, err)
	}
	return out, nil
}

// GetNamespaceEndpointIDs implements [netcore.HostNetwork].
func (*HCN) GetNamespaceEndpointIDs(ctx context.Context, namespaceID string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, readError(kindNamespace, namespaceID, err, isNotFound)
	}
	ids, err := hcn.GetNamespaceEndpointIds(namespaceID)
	if err != nil {
		return nil, readError(kindNamespace, namespaceID, fmt.Errorf("list endpoints: %w", err), isNotFound)
	}
	return ids, nil
}

// GetEndpointByID implements [netcore.HostNetwork].
func (*HCN) GetEndpointByID(ctx context.Context, endpointID string) (*hcnmodel.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, readError(kindEndpoint, endpointID, err, isNotFound)
	}
	ep, err := hcn.GetEndpointByID(endpointID)
	if err != nil {
		return nil, readError(kindEndpoint, endpointID, err, isNotFound)
	}
	if ep == nil {
		return nil, readError(kindEndpoint, endpointID, hcn.EndpointNotFoundError{EndpointID: endpointID}, isNotFound)
	}
	out, err := FromHCNEndpoint(ep)
	if err != nil {
		return nil, fmt.Errorf("HCN endpoint %s: %w", endpointID, err)
	}
	return out, nil
}

// isNotFound recognises both ways HCN says an object does not exist: the
// lookup helpers' typed errors when a query matches nothing, and the
// service's ERROR_NOT_FOUND when an object vanished between calls.
func isNotFound(err error) bool {
	return hcn.IsNotFoundError(err) || hcn.IsElementNotFoundError(err)
}
