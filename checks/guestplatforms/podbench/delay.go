package podbench

import (
	"context"
	"time"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Sleep waits for d or until ctx is done, the way a real manager call
// that takes d would: the guest doubles of the platforms' benchmarks
// take their delay with it.
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

// delayVM makes every call of VM take Delay.
type delayVM struct {
	VM    netcore.VMNetworkManager
	Delay time.Duration
}

// AddNIC implements netcore.VMNetworkManager.
func (d delayVM) AddNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	if err := Sleep(ctx, d.Delay); err != nil {
		return err
	}
	return d.VM.AddNIC(ctx, id, a)
}

// RemoveNIC implements netcore.VMNetworkManager.
func (d delayVM) RemoveNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	if err := Sleep(ctx, d.Delay); err != nil {
		return err
	}
	return d.VM.RemoveNIC(ctx, id, a)
}

// delayHost makes every read of Host take Delay.
type delayHost struct {
	Host  netcore.HostNetwork
	Delay time.Duration
}

// GetNamespaceByID implements netcore.HostNetwork.
func (d delayHost) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	if err := Sleep(ctx, d.Delay); err != nil {
		return nil, err
	}
	return d.Host.GetNamespaceByID(ctx, id)
}

// GetNamespaceEndpointIDs implements netcore.HostNetwork.
func (d delayHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	if err := Sleep(ctx, d.Delay); err != nil {
		return nil, err
	}
	return d.Host.GetNamespaceEndpointIDs(ctx, id)
}

// GetEndpointByID implements netcore.HostNetwork.
func (d delayHost) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	if err := Sleep(ctx, d.Delay); err != nil {
		return nil, err
	}
	return d.Host.GetEndpointByID(ctx, id)
}
