package netcore

import (
	"context"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// HostNetwork reads the pod's namespace and endpoints from the host network
// service (HCN). The reads are behind this interface, rather than direct
// system calls, so that Setup's whole path runs in tests on any OS.
//
// Implemented on Windows by [github.com/uvmnet/uvmnet/hcnhost.New], in a
// module of its own so that netcore does not require hcsshim; tests and the
// conformance suite supply fakes or mocks. A read of something that does not exist wraps
// errdefs.ErrNotFound.
type HostNetwork interface {
	// GetNamespaceByID returns the namespace with the given ID.
	GetNamespaceByID(ctx context.Context, namespaceID string) (*hcnmodel.Namespace, error)
	// GetNamespaceEndpointIDs returns the IDs of the endpoints in the
	// namespace, in HCN's order.
	GetNamespaceEndpointIDs(ctx context.Context, namespaceID string) ([]string, error)
	// GetEndpointByID returns the endpoint with the given ID.
	GetEndpointByID(ctx context.Context, endpointID string) (*hcnmodel.Endpoint, error)
}
