package wcow_test

import (
	"context"
	"testing"
	"time"

	"github.com/uvmnet/uvmnet/checks/guestplatforms/podbench"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netwcow"
)

// delayedGuest accepts every guest call after a fixed delay; zero is a
// guest that costs nothing.
type delayedGuest time.Duration

func (d delayedGuest) AddNetworkNamespace(ctx context.Context, _ *hcnmodel.Namespace) error {
	return podbench.Sleep(ctx, time.Duration(d))
}

func (d delayedGuest) RemoveNetworkNamespace(ctx context.Context, _ *hcnmodel.Namespace) error {
	return podbench.Sleep(ctx, time.Duration(d))
}

func (d delayedGuest) AddNetworkInterface(ctx context.Context, _ string, _ netwcow.RequestType, _ *hcnmodel.Endpoint) error {
	return podbench.Sleep(ctx, time.Duration(d))
}

func (d delayedGuest) RemoveNetworkInterface(ctx context.Context, _ string, _ netwcow.RequestType, _ *hcnmodel.Endpoint) error {
	return podbench.Sleep(ctx, time.Duration(d))
}

var benchGuest = podbench.Guest{
	Steps:       func(delay time.Duration) netcore.GuestSteps { return netwcow.NewGuestSteps(delayedGuest(delay)) },
	CallsPerNIC: 2,
	Namespace:   true,
}

func BenchmarkOverhead(b *testing.B) { podbench.BenchmarkOverhead(b, benchGuest) }

func BenchmarkLatency(b *testing.B) { podbench.BenchmarkLatency(b, benchGuest, 2*time.Millisecond) }

func BenchmarkScale(b *testing.B) { podbench.BenchmarkScale(b, benchGuest) }
