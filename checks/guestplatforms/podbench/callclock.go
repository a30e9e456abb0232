package podbench

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// callClock adds up how long delayed manager calls really took. A call
// that sleeps 2 ms takes longer on a busy machine: Go's timers wake late
// (on Linux the idle scheduler waits in whole milliseconds), and more so
// the more other work shares the cores. The latency benchmark states its
// bound in the calls' measured time as well as in the nominal delay, so
// the first ratio shows what the controller adds on top of its critical
// path, and the timers' lateness shows in the second only.
type callClock struct {
	total atomic.Int64 // nanoseconds
	calls atomic.Int64
}

// time runs one call and records how long it took.
func (c *callClock) time(call func() error) error {
	start := time.Now()
	err := call()
	c.total.Add(int64(time.Since(start)))
	c.calls.Add(1)
	return err
}

// mean is the average call time so far; zero before any call.
func (c *callClock) mean() time.Duration {
	n := c.calls.Load()
	if n == 0 {
		return 0
	}
	return time.Duration(c.total.Load() / n)
}

// clockedVM times every call of a VM manager on clock.
type clockedVM struct {
	netcore.VMNetworkManager
	clock *callClock
}

func (v clockedVM) AddNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	return v.clock.time(func() error { return v.VMNetworkManager.AddNIC(ctx, id, a) })
}

func (v clockedVM) RemoveNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	return v.clock.time(func() error { return v.VMNetworkManager.RemoveNIC(ctx, id, a) })
}

// clockedHost times every read of a host network on clock.
type clockedHost struct {
	netcore.HostNetwork
	clock *callClock
}

func (h clockedHost) GetNamespaceByID(ctx context.Context, id string) (ns *hcnmodel.Namespace, err error) {
	err = h.clock.time(func() error { ns, err = h.HostNetwork.GetNamespaceByID(ctx, id); return err })
	return ns, err
}

func (h clockedHost) GetNamespaceEndpointIDs(ctx context.Context, id string) (ids []string, err error) {
	err = h.clock.time(func() error { ids, err = h.HostNetwork.GetNamespaceEndpointIDs(ctx, id); return err })
	return ids, err
}

func (h clockedHost) GetEndpointByID(ctx context.Context, id string) (ep *hcnmodel.Endpoint, err error) {
	err = h.clock.time(func() error { ep, err = h.HostNetwork.GetEndpointByID(ctx, id); return err })
	return ep, err
}
