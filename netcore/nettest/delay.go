package nettest

import (
	"context"
	"time"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Sleep waits for d or until ctx is done, the way a real manager call
// that takes d would.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// DelayVM makes every call of VM take Delay.
type DelayVM struct {
	VM    netcore.VMNetworkManager
	Delay time.Duration
}

// AddNIC implements netcore.VMNetworkManager.
func (d DelayVM) AddNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	if err := Sleep(ctx, d.Delay); err != nil {
		return err
	}
	return d.VM.AddNIC(ctx, id, a)
}

// RemoveNIC implements netcore.VMNetworkManager.
func (d DelayVM) RemoveNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	if err := Sleep(ctx, d.Delay); err != nil {
		return err
	}
	return d.VM.RemoveNIC(ctx, id, a)
}

// DelayHost makes every read of Host take Delay.
type DelayHost struct {
	Host  netcore.HostNetwork
	Delay time.Duration
}

// GetNamespaceByID implements netcore.HostNetwork.
func (d DelayHost) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	if err := Sleep(ctx, d.Delay); err != nil {
		return nil, err
	}
	return d.Host.GetNamespaceByID(ctx, id)
}

// GetNamespaceEndpointIDs implements netcore.HostNetwork.
func (d DelayHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	if err := Sleep(ctx, d.Delay); err != nil {
		return nil, err
	}
	return d.Host.GetNamespaceEndpointIDs(ctx, id)
}

// GetEndpointByID implements netcore.HostNetwork.
func (d DelayHost) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	if err := Sleep(ctx, d.Delay); err != nil {
		return nil, err
	}
	return d.Host.GetEndpointByID(ctx, id)
}
