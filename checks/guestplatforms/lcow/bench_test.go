package lcow_test

import (
	"context"
	"testing"
	"time"

	"github.com/uvmnet/uvmnet/checks/guestplatforms/podbench"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// delayedGuest accepts every guest call after a fixed delay; zero is a
// guest that costs nothing.
type delayedGuest time.Duration

func (d delayedGuest) AddNetworkInterface(ctx context.Context, _ *netlcow.Adapter) error {
	return podbench.Sleep(ctx, time.Duration(d))
}

func (d delayedGuest) RemoveNetworkInterface(ctx context.Context, _ *netlcow.Adapter) error {
	return podbench.Sleep(ctx, time.Duration(d))
}

var benchGuest = podbench.Guest{
	Steps:       func(delay time.Duration) netcore.GuestSteps { return netlcow.NewGuestSteps(delayedGuest(delay)) },
	CallsPerNIC: 1,
}

func BenchmarkOverhead(b *testing.B) { podbench.BenchmarkOverhead(b, benchGuest) }

func BenchmarkLatency(b *testing.B) { podbench.BenchmarkLatency(b, benchGuest, 2*time.Millisecond) }

func BenchmarkScale(b *testing.B) { podbench.BenchmarkScale(b, benchGuest) }
