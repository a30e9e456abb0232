package podbench

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/containerd/log"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// Guest describes one guest platform to the shared benchmarks, so that
// netlcow and netwcow measure the same things the same way.
type Guest struct {
	// Steps returns the platform's guest steps over a guest manager that
	// accepts every call after delay (zero: at no cost).
	Steps func(delay time.Duration) netcore.GuestSteps
	// CallsPerNIC is the number of guest calls in one NIC's attach (LCOW
	// 1, WCOW 2: pre-add and add).
	CallsPerNIC int
	// Namespace says whether the namespace is added to the guest before
	// the first NIC and removed after the last.
	Namespace bool
}

// namespaceSupported is a guest that accepts namespace add requests, so
// every guest step the platform has runs.
type namespaceSupported struct{}

func (namespaceSupported) IsNamespaceAddRequestSupported() bool { return true }

// newController builds a benchmark controller for the namespace.
func (g Guest) newController(namespaceID string, vm netcore.VMNetworkManager, host netcore.HostNetwork, guestDelay time.Duration, concurrency int) (*netcore.Controller, error) {
	return netcore.New(netcore.Config{
		NamespaceID:  namespaceID,
		VM:           vm,
		Host:         host,
		Guest:        g.Steps(guestDelay),
		Capabilities: namespaceSupported{},
		Tuning:       netcore.Tuning{Concurrency: concurrency},
	})
}

// quietLogs sets the logger as a shim runs it, at Info, and discards the
// output so the benchmark measures formatting, not the terminal.
func quietLogs() func() {
	logger := log.L.Logger
	out, level := logger.Out, logger.GetLevel()
	logger.SetOutput(io.Discard)
	logger.SetLevel(log.InfoLevel)
	return func() {
		logger.SetOutput(out)
		logger.SetLevel(level)
	}
}

// SetupTeardown runs Setup then Teardown of one pod with n endpoints over
// zero-cost managers; it is the unit the overhead budgets are stated in.
func SetupTeardown(p Guest, host *nettest.Host, seed, n int) func() error {
	nsID := host.Pod(seed, n)
	return func() error {
		c, err := p.newController(nsID, nettest.NopVM{}, host, 0, 1)
		if err != nil {
			return err
		}
		if err := c.Setup(context.Background()); err != nil {
			return err
		}
		return c.Teardown(context.Background())
	}
}

// BenchmarkOverhead measures the controller's own cost: Setup then
// Teardown over managers that do nothing, for 1, 16 and 64 endpoints.
func BenchmarkOverhead(b *testing.B, p Guest) {
	defer quietLogs()()
	for _, n := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("endpoints=%d", n), func(b *testing.B) {
			run := SetupTeardown(p, nettest.NewHost(), 1, n)
			b.ReportAllocs()
			for b.Loop() {
				if err := run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Bounds are the critical paths of Setup and Teardown of n NICs, in calls
// that must run one after another, when every call costs the same:
//
//   - Setup: the namespace read and the endpoint listing, then the
//     endpoint reads (one round when they all run at once), the guest
//     namespace add where the platform has one, then the attach pipeline:
//     each attach step visits the NICs in endpoint order, so n NICs
//     through s steps take n+s-1 rounds.
//   - Teardown: each NIC's guest removal then its hot-removal, all NICs at
//     once, then the guest namespace removal where there is one.
func Bounds(p Guest, n int) (setup, teardown int) {
	steps := p.CallsPerNIC + 1
	setup = 2 + 1 + n + steps - 1
	teardown = 2
	if p.Namespace {
		setup++
		teardown++
	}
	return setup, teardown
}

// BenchmarkLatency runs Setup and Teardown of 8 endpoints over managers
// whose every call takes delay, with Concurrency 1 and 8, and reports the
// wall time of each and its ratio to the critical-path bound ([Bounds]):
// once with every call at delay (x-bound), once at the mean time the VM
// and host calls really took (x-call-bound, what the controller itself
// adds; see callClock).
func BenchmarkLatency(b *testing.B, p Guest, delay time.Duration) {
	defer quietLogs()()
	const endpoints = 8
	for _, conc := range []int{1, 8} {
		b.Run(fmt.Sprintf("endpoints=%d/concurrency=%d", endpoints, conc), func(b *testing.B) {
			host := nettest.NewHost()
			nsID := host.Pod(1, endpoints)
			setupBound, teardownBound := Bounds(p, endpoints)
			var setupTime, teardownTime time.Duration
			clock := &callClock{}
			vm := clockedVM{VMNetworkManager: delayVM{VM: nettest.NopVM{}, Delay: delay}, clock: clock}
			hcn := clockedHost{HostNetwork: delayHost{Host: host, Delay: delay}, clock: clock}
			for b.Loop() {
				c, err := p.newController(nsID, vm, hcn, delay, conc)
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				if err := c.Setup(context.Background()); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				if err := c.Teardown(context.Background()); err != nil {
					b.Fatal(err)
				}
				setupTime += mid.Sub(start)
				teardownTime += time.Since(mid)
			}
			n := float64(b.N)
			b.ReportMetric(setupTime.Seconds()*1e3/n, "setup-ms")
			b.ReportMetric(teardownTime.Seconds()*1e3/n, "teardown-ms")
			b.ReportMetric(setupTime.Seconds()/n/(float64(setupBound)*delay.Seconds()), "setup-x-bound")
			b.ReportMetric(teardownTime.Seconds()/n/(float64(teardownBound)*delay.Seconds()), "teardown-x-bound")
			call := clock.mean().Seconds()
			b.ReportMetric(call*1e3, "call-ms")
			b.ReportMetric(setupTime.Seconds()/n/(float64(setupBound)*call), "setup-x-call-bound")
			b.ReportMetric(teardownTime.Seconds()/n/(float64(teardownBound)*call), "teardown-x-call-bound")
		})
	}
}

// BenchmarkScale sets up 10,000 controllers with one NIC each across all
// cores, measures the heap they keep while configured, then tears them
// down. The host copies every document it returns, as the real HCN does,
// so the retained heap includes the endpoint each controller holds.
func BenchmarkScale(b *testing.B, p Guest) {
	defer quietLogs()()
	const pods = 10000
	host := nettest.NewHost()
	host.CopyOnRead = true
	ids := make([]string, pods)
	for i := range ids {
		ids[i] = host.Pod(i+1, 1)
	}
	workers := runtime.GOMAXPROCS(0)
	var retained, elapsed float64
	for b.Loop() {
		ctrls := make([]*netcore.Controller, pods)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		forEach(workers, pods, func(i int) error {
			c, err := p.newController(ids[i], nettest.NopVM{}, host, 0, 1)
			if err != nil {
				return err
			}
			ctrls[i] = c
			return c.Setup(context.Background())
		}, b)
		elapsed += time.Since(start).Seconds()
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / pods
		start = time.Now()
		forEach(workers, pods, func(i int) error { return ctrls[i].Teardown(context.Background()) }, b)
		elapsed += time.Since(start).Seconds()
		runtime.KeepAlive(ctrls)
	}
	n := float64(b.N)
	b.ReportMetric(pods*n/elapsed, "pods/s")
	b.ReportMetric(retained/n, "retained-B/pod")
}

// forEach runs f for 0..n-1 on workers goroutines.
func forEach(workers, n int, f func(int) error, b *testing.B) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
