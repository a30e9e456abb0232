//go:build !windows

package hcnhost

import (
	"context"
	"fmt"
	"runtime"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// New returns the host network backed by HCN. HCN is a Windows service, so
// on this platform New returns an error that names the platform and wraps
// errdefs.ErrNotImplemented: a shim built for another OS learns it when it
// wires its controller, not at the first read. Tests and builds for other
// platforms pass another [netcore.HostNetwork], such as nettest.NewHost.
func New() (*HCN, error) { return nil, errNoHCN() }

// GetNamespaceByID implements [netcore.HostNetwork]. On this platform it
// returns the error [New] returns.
func (*HCN) GetNamespaceByID(context.Context, string) (*hcnmodel.Namespace, error) {
	return nil, errNoHCN()
}

// GetNamespaceEndpointIDs implements [netcore.HostNetwork]. On this
// platform it returns the error [New] returns.
func (*HCN) GetNamespaceEndpointIDs(context.Context, string) ([]string, error) {
	return nil, errNoHCN()
}

// GetEndpointByID implements [netcore.HostNetwork]. On this platform it
// returns the error [New] returns.
func (*HCN) GetEndpointByID(context.Context, string) (*hcnmodel.Endpoint, error) {
	return nil, errNoHCN()
}

// errNoHCN names the platform, so that a log line from a misbuilt shim says
// what went wrong without a look at how it was built.
func errNoHCN() error {
	return fmt.Errorf("hcnhost: HCN is a Windows service, not available on GOOS=%s: %w", runtime.GOOS, errdefs.ErrNotImplemented)
}
