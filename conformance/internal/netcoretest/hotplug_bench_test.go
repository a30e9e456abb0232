package netcoretest

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// quietHost is an HCN of one namespace whose endpoints the test sets; its
// reads cost no allocation, so a count of allocations is the controller's.
type quietHost struct {
	ids []string
	eps map[string]*hcnmodel.Endpoint
}

func newQuietHost(n int) *quietHost {
	h := &quietHost{eps: make(map[string]*hcnmodel.Endpoint, n)}
	for i := 1; i <= n; i++ {
		ep := &hcnmodel.Endpoint{
			Id:                   epID(i),
			Name:                 fmt.Sprintf("net%d", i),
			HostComputeNamespace: testNS,
			MacAddress:           fmt.Sprintf("00-15-5D-00-%02X-%02X", byte(i>>8), byte(i)),
			IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.%d.%d", byte(i>>8), byte(i)), PrefixLength: 16}},
		}
		h.ids = append(h.ids, ep.Id)
		h.eps[ep.Id] = ep
	}
	return h
}

func (h *quietHost) GetNamespaceByID(context.Context, string) (*hcnmodel.Namespace, error) {
	return namespaceDoc(testNS), nil
}

func (h *quietHost) GetNamespaceEndpointIDs(context.Context, string) ([]string, error) {
	return h.ids, nil
}

func (h *quietHost) GetEndpointByID(_ context.Context, id string) (*hcnmodel.Endpoint, error) {
	return h.eps[id], nil
}

type quietVM struct{}

func (quietVM) AddNIC(context.Context, string, *netcore.NetworkAdapter) error    { return nil }
func (quietVM) RemoveNIC(context.Context, string, *netcore.NetworkAdapter) error { return nil }

// reconcileAttaching returns a Configured controller with one NIC whose
// namespace has since grown to n endpoints, ready for a Reconcile that
// attaches n-1 of them at once.
func reconcileAttaching(tb testing.TB, n int) *netcore.Controller {
	tb.Helper()
	host := newQuietHost(n)
	all := host.ids
	host.ids = all[:1]
	w := newWorld(nil)
	c, err := netcore.New(netcore.Config{NamespaceID: testNS, VM: quietVM{}, Host: host, Guest: worldGuest{w, lcowLike}})
	require.NoError(tb, err)
	require.NoError(tb, c.Setup(context.Background()))
	host.ids = all
	return c
}

// BenchmarkReconcileAttach measures a Reconcile that attaches n-1
// endpoints at once to a pod that had one. The sizes grow fourfold and
// twofold, so the per-op figures show that the cost is linear in n, not
// quadratic.
func BenchmarkReconcileAttach(b *testing.B) {
	for _, endpoints := range []int{8, 32, netcore.MaxNICs} {
		b.Run(fmt.Sprintf("endpoints=%d", endpoints), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				c := reconcileAttaching(b, endpoints)
				b.StartTimer()
				res, err := c.Reconcile(context.Background())
				if err != nil || len(res.Added) != endpoints-1 {
					b.Fatalf("Reconcile: %d added, %v", len(res.Added), err)
				}
			}
		})
	}
}

// BenchmarkHotPlugOneEndpoint measures one AddEndpoint and the
// RemoveEndpoint that undoes it on a pod that holds size NICs while the
// endpoint is attached, at 2, at 16 and at MaxNICs, the bound of NICs a
// pod may hold: a flat per-op figure shows that attaching endpoints one
// call at a time costs each call the same, whatever the pod already holds.
func BenchmarkHotPlugOneEndpoint(b *testing.B) {
	for _, size := range []struct {
		name string
		nics int
	}{{"nics=2", 2}, {"nics=16", 16}, {fmt.Sprintf("nics=bound(%d)", netcore.MaxNICs), netcore.MaxNICs}} {
		b.Run(size.name, func(b *testing.B) {
			host := newQuietHost(size.nics)
			all := host.ids
			host.ids = all[:size.nics-1]
			w := newWorld(nil)
			c, err := netcore.New(netcore.Config{NamespaceID: testNS, VM: quietVM{}, Host: host, Guest: worldGuest{w, lcowLike}})
			require.NoError(b, err)
			require.NoError(b, c.Setup(context.Background()))
			host.ids = all
			last := all[size.nics-1]
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if res, err := c.AddEndpoint(ctx, last); err != nil || len(res.Added) != 1 {
					b.Fatalf("AddEndpoint: %+v, %v", res, err)
				}
				if res, err := c.RemoveEndpoint(ctx, last); err != nil || len(res.Removed) != 1 {
					b.Fatalf("RemoveEndpoint: %+v, %v", res, err)
				}
			}
		})
	}
}
