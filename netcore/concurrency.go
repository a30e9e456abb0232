package netcore

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// workers runs the goroutines of one concurrent phase. It bounds how many
// manager calls are in flight at once, stops new calls after a failure,
// and carries a panic, or a runtime.Goexit, from any of its goroutines
// back to the goroutine that waits for them, where the operation's
// skeleton ([Controller.run]) handles it: a panic on a worker goroutine
// would otherwise end the process, and a Goexit would end only the worker,
// leaving the operation to report success for work never done.
type workers struct {
	wg     sync.WaitGroup
	slots  chan struct{}
	failed atomic.Bool

	panicOnce sync.Once
	panicked  any
	exited    atomic.Bool
}

func newWorkers(limit int) *workers {
	return &workers{slots: make(chan struct{}, limit)}
}

// goDo runs f on a new goroutine.
func (w *workers) goDo(f func()) {
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		returned := false
		defer func() { w.ended(recover(), returned) }()
		f()
		returned = true
	}()
}

// call runs one manager call in a slot, unless an earlier one failed; ran
// reports whether it did.
func (w *workers) call(f func() error) (ran bool, err error) {
	w.slots <- struct{}{}
	defer func() { <-w.slots }()
	if w.failed.Load() {
		return false, nil
	}
	if err := f(); err != nil {
		w.failed.Store(true)
		return true, err
	}
	return true, nil
}

// ended records how a worker ended when it did not return: p is what it
// panicked with, recovered by its deferred call; nil without a return is
// a runtime.Goexit.
func (w *workers) ended(p any, returned bool) {
	if p != nil {
		w.failed.Store(true)
		w.panicOnce.Do(func() { w.panicked = p })
		return
	}
	if !returned {
		w.failed.Store(true)
		w.exited.Store(true)
	}
}

// wait waits for every goroutine and re-raises the first panic, if any;
// failing that, a worker's runtime.Goexit is repeated on the caller's
// goroutine, so a test's t.FailNow in a mock still ends the test.
func (w *workers) wait() {
	w.wg.Wait()
	if w.panicked != nil {
		panic(w.panicked)
	}
	if w.exited.Load() {
		runtime.Goexit()
	}
}

// attachPipelined runs the attach steps as a pipeline: one goroutine per
// step, each taking the NICs in endpoint order, so every step reaches the
// VM or the guest in the same order as the one-at-a-time path, while one
// NIC's hot-add overlaps the previous NIC's guest step. A failure stops
// every step from starting another call; the calls already in flight
// finish and are recorded, so Teardown knows exactly what was done.
func (c *Controller) attachPipelined(ctx context.Context, nics []*nic, steps []nicStep) error {
	w := newWorkers(c.concurrency)
	errs := make([]error, len(steps))
	in := make(chan *nic, len(nics))
	for _, n := range nics {
		in <- n
	}
	close(in)
	for k, step := range steps {
		out := make(chan *nic, len(nics))
		w.goDo(func(in <-chan *nic) func() {
			return func() {
				defer close(out)
				for n := range in {
					ran, err := w.call(func() error { return c.runStep(ctx, n, step) })
					if err != nil {
						errs[k] = err
					}
					if ran && err == nil {
						out <- n
					}
				}
			}
		}(in))
		in = out
	}
	w.wait()
	return errors.Join(errs...)
}

// detachConcurrently detaches up to c.concurrency NICs at once. Each NIC's
// own steps keep their order (guest, then VM); NICs are independent of each
// other, so one failing does not stop the others. Errors come back in the
// order the one-at-a-time path reports them.
func (c *Controller) detachConcurrently(ctx context.Context) []error {
	w := newWorkers(c.concurrency)
	errs := make([]error, len(c.nics))
	for i := len(c.nics) - 1; i >= 0; i-- {
		n := c.nics[i]
		w.slots <- struct{}{}
		w.goDo(func() {
			defer func() { <-w.slots }()
			errs[i] = c.detach(ctx, n)
		})
	}
	w.wait()
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
// returned, and no read starts after a failure. An endpoint HCN no longer
// has reads as nil.
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
	// A fixed pool of readers takes the IDs in turn: a namespace listing
	// thousands of endpoints costs Concurrency goroutines, not thousands.
	w := newWorkers(c.concurrency)
	errs := make([]error, len(ids))
	var next atomic.Int64
	for range min(c.concurrency, len(ids)) {
		w.goDo(func() {
			for i := int(next.Add(1) - 1); i < len(ids) && !w.failed.Load(); i = int(next.Add(1) - 1) {
				_, errs[i] = w.call(func() error {
					var err error
					endpoints[i], err = c.readEndpoint(ctx, namespaceID, ids[i])
					return err
				})
			}
		})
	}
	w.wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return endpoints, nil
}
