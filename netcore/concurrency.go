package netcore

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// attachPipelined runs the attach steps as a pipeline: one goroutine per
// step, each taking the NICs in endpoint order, so every step reaches the
// VM or the guest in the same order as the one-at-a-time path, while one
// NIC's hot-add overlaps the previous NIC's guest step. A failure stops
// every step from starting another call; the calls already in flight
// finish and are recorded, so Teardown knows exactly what was done.
func (c *Controller) attachPipelined(ctx context.Context, nics []*nic, steps []attachStep) error {
	var (
		failed atomic.Bool
		wg     sync.WaitGroup
		slots  = make(chan struct{}, c.concurrency)
		errs   = make([]error, len(steps))
	)
	in := make(chan *nic, len(nics))
	for _, n := range nics {
		in <- n
	}
	close(in)
	for k, step := range steps {
		out := make(chan *nic, len(nics))
		wg.Add(1)
		go func(k int, step attachStep, in <-chan *nic, out chan<- *nic) {
			defer wg.Done()
			defer close(out)
			for n := range in {
				if failed.Load() {
					continue
				}
				slots <- struct{}{}
				var err error
				if !failed.Load() {
					err = c.runStep(ctx, n, step)
				}
				<-slots
				if err != nil {
					errs[k] = err
					failed.Store(true)
					continue
				}
				out <- n
			}
		}(k, step, in, out)
		in = out
	}
	wg.Wait()
	return errors.Join(errs...)
}

// detachConcurrently detaches up to c.concurrency NICs at once. Each NIC's
// own steps keep their order (guest, then VM); NICs are independent of each
// other. Errors come back in the order the one-at-a-time path reports them.
func (c *Controller) detachConcurrently(ctx context.Context) []error {
	var (
		wg    sync.WaitGroup
		slots = make(chan struct{}, c.concurrency)
		errs  = make([]error, len(c.nics))
	)
	for i := len(c.nics) - 1; i >= 0; i-- {
		slots <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-slots }()
			errs[i] = c.detach(ctx, c.nics[i])
		}(i)
	}
	wg.Wait()
	var out []error
	for i := len(errs) - 1; i >= 0; i-- {
		if errs[i] != nil {
			out = append(out, errs[i])
		}
	}
	return out
}

// readEndpoints reads the endpoints with up to c.concurrency reads in
// flight; the reads are independent. The first failure, in HCN order, is
// returned, and no read starts after a failure.
func (c *Controller) readEndpoints(ctx context.Context, namespaceID string, ids []string) ([]*hcnmodel.Endpoint, error) {
	endpoints := make([]*hcnmodel.Endpoint, len(ids))
	if c.concurrency <= 1 || len(ids) <= 1 {
		for i, id := range ids {
			ep, err := c.readEndpoint(ctx, namespaceID, id)
			if err != nil {
				return nil, err
			}
			endpoints[i] = ep
		}
		return endpoints, nil
	}
	var (
		failed atomic.Bool
		wg     sync.WaitGroup
		slots  = make(chan struct{}, c.concurrency)
		errs   = make([]error, len(ids))
	)
	for i, id := range ids {
		slots <- struct{}{}
		if failed.Load() {
			<-slots
			break
		}
		wg.Add(1)
		go func(i int, id string) {
			defer wg.Done()
			defer func() { <-slots }()
			endpoints[i], errs[i] = c.readEndpoint(ctx, namespaceID, id)
			if errs[i] != nil {
				failed.Store(true)
			}
		}(i, id)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return endpoints, nil
}
