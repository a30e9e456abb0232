package hcn

import (
	"context"
	"errors"
	"sync"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// HostComputeEndpoint is hcsshim's hcn.HostComputeEndpoint; uvmnet's
// model spells its fields the same way.
type HostComputeEndpoint = hcnmodel.Endpoint

// HostComputeNamespace is hcsshim's hcn.HostComputeNamespace.
type HostComputeNamespace = hcnmodel.Namespace

// NamespaceNotFoundError is hcsshim's typed error for a namespace HCN does
// not have (hcn/hcnerrors.go).
type NamespaceNotFoundError struct{ NamespaceID string }

func (e NamespaceNotFoundError) Error() string {
	return "Namespace ID \"" + e.NamespaceID + "\" not found"
}

// EndpointNotFoundError is hcsshim's typed error for an endpoint HCN does
// not have.
type EndpointNotFoundError struct{ EndpointName, EndpointID string }

func (e EndpointNotFoundError) Error() string {
	return "Endpoint ID \"" + e.EndpointID + "\" not found"
}

var (
	mu   sync.RWMutex
	host netcore.HostNetwork
)

// errNoHost is what a read answers before any host was named: a
// destination controller that was never resumed.
var errNoHost = errors.New("hcn: no host HCN (the controller was never bound to a host)")

// Serve makes h the HCN every later read answers from.
func Serve(h netcore.HostNetwork) {
	mu.Lock()
	defer mu.Unlock()
	host = h
}

func current() (netcore.HostNetwork, error) {
	mu.RLock()
	defer mu.RUnlock()
	if host == nil {
		return nil, errNoHost
	}
	return host, nil
}

// GetNamespaceByID reads a namespace, as hcsshim's does, without a context.
func GetNamespaceByID(namespaceID string) (*HostComputeNamespace, error) {
	h, err := current()
	if err != nil {
		return nil, err
	}
	ns, err := h.GetNamespaceByID(context.Background(), namespaceID)
	if errdefs.IsNotFound(err) {
		return nil, NamespaceNotFoundError{NamespaceID: namespaceID}
	}
	return ns, err
}

// GetNamespaceEndpointIds lists a namespace's endpoint IDs. hcsshim reads
// the namespace first and answers its typed not-found error when it is
// gone (hcn/hcnnamespace.go).
func GetNamespaceEndpointIds(namespaceID string) ([]string, error) {
	h, err := current()
	if err != nil {
		return nil, err
	}
	ids, err := h.GetNamespaceEndpointIDs(context.Background(), namespaceID)
	if errdefs.IsNotFound(err) {
		return nil, NamespaceNotFoundError{NamespaceID: namespaceID}
	}
	return ids, err
}

// GetEndpointByID reads an endpoint.
func GetEndpointByID(endpointID string) (*HostComputeEndpoint, error) {
	h, err := current()
	if err != nil {
		return nil, err
	}
	ep, err := h.GetEndpointByID(context.Background(), endpointID)
	if errdefs.IsNotFound(err) {
		return nil, EndpointNotFoundError{EndpointID: endpointID}
	}
	return ep, err
}
