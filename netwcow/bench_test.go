package netwcow

import (
	"context"
	"testing"
	"time"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// delayedGuest accepts every guest call after a fixed delay; zero is a
// guest that costs nothing.
type delayedGuest time.Duration

func (d delayedGuest) AddNetworkNamespace(ctx context.Context, _ *hcnmodel.Namespace) error {
	return nettest.Sleep(ctx, time.Duration(d))
}

func (d delayedGuest) RemoveNetworkNamespace(ctx context.Context, _ *hcnmodel.Namespace) error {
	return nettest.Sleep(ctx, time.Duration(d))
}

func (d delayedGuest) AddNetworkInterface(ctx context.Context, _ string, _ RequestType, _ *hcnmodel.Endpoint) error {
	return nettest.Sleep(ctx, time.Duration(d))
}

func (d delayedGuest) RemoveNetworkInterface(ctx context.Context, _ string, _ RequestType, _ *hcnmodel.Endpoint) error {
	return nettest.Sleep(ctx, time.Duration(d))
}

type supported struct{}

func (supported) IsNamespaceAddRequestSupported() bool { return true }

var benchPlatform = nettest.Platform{
	New: func(opts netcore.Options, vm netcore.VMNetworkManager, host netcore.HostNetwork, guestDelay time.Duration) (nettest.Controller, error) {
		return New(Config{NamespaceID: opts.NamespaceID, Tuning: opts.Tuning, VM: vm, Host: host, Guest: delayedGuest(guestDelay), Capabilities: supported{}})
	},
	GuestSteps:     2,
	GuestNamespace: true,
}

func BenchmarkOverhead(b *testing.B) { nettest.BenchmarkOverhead(b, benchPlatform) }

func BenchmarkLatency(b *testing.B) { nettest.BenchmarkLatency(b, benchPlatform, 2*time.Millisecond) }

func BenchmarkScale(b *testing.B) { nettest.BenchmarkScale(b, benchPlatform) }

// TestAllocationBudget holds the overhead budget in the ordinary test run.
func TestAllocationBudget(t *testing.T) { nettest.CheckAllocationBudget(t, benchPlatform) }
