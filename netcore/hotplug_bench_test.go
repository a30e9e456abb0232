package netcore

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

func (quietVM) AddNIC(context.Context, string, *NetworkAdapter) error    { return nil }
func (quietVM) RemoveNIC(context.Context, string, *NetworkAdapter) error { return nil }

// reconcileAttaching returns a Configured controller with one NIC whose
// namespace has since grown to n endpoints, ready for a Reconcile that
// attaches n-1 of them at once.
func reconcileAttaching(tb testing.TB, n int) *Controller {
	tb.Helper()
	host := newQuietHost(n)
	all := host.ids
	host.ids = all[:1]
	w := newWorld(nil)
	c, err := New(Config{NamespaceID: testNS, VM: quietVM{}, Host: host, Guest: worldGuest{w, lcowLike}})
	require.NoError(tb, err)
	require.NoError(tb, c.Setup(context.Background()))
	host.ids = all
	return c
}

// BenchmarkReconcileAttach measures a Reconcile that attaches 2,047
// endpoints at once to a pod that had one.
func BenchmarkReconcileAttach(b *testing.B) {
	const endpoints = 2048
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
}

// A Reconcile attaching n endpoints does work linear in n: four times the
// endpoints cost about four times the allocations, not sixteen. The count
// of allocations is exact up to the runtime's own, so the check is not a
// timing.
func TestReconcileAttachIsLinear(t *testing.T) {
	small, large := reconcileAllocs(t, 256), reconcileAllocs(t, 1024)
	t.Logf("allocations for 256 endpoints: %d, for 1024: %d", small, large)
	assert.Less(t, float64(large)/float64(small), 6.0, "allocations for 256 endpoints: %d, for 1024: %d", small, large)
}

// reconcileAllocs counts the allocations of one Reconcile attaching n-1
// endpoints.
func reconcileAllocs(t *testing.T, n int) uint64 {
	c := reconcileAttaching(t, n)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := c.Reconcile(context.Background())
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Len(t, res.Added, n-1)
	return after.Mallocs - before.Mallocs
}
