package netcore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// This package's own tests look inside the controller (the snapshot's
// bytes, Save's refusals of states only a fault reaches); they need a
// Configured controller and whether an operation called anything, not the
// platform's rules. The controller's tests against those rules run on the
// conformance suite's simulated world, as its self-tests
// (conformance/internal/netcoretest).

const testNS = "11111111-1111-4111-8111-111111111111"

// epID returns the GUID of test endpoint i.
func epID(i int) string { return fmt.Sprintf("eeeeeeee-0000-4000-8000-%012d", i) }

// nicID returns the GUID nicIDs draws i-th.
func nicID(i int) string { return fmt.Sprintf("aaaaaaaa-0000-4000-8000-%012d", i) }

// nicIDs returns a generator of predictable NIC IDs.
func nicIDs() func() (string, error) {
	var mu sync.Mutex
	n := 0
	return func() (string, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		return nicID(n), nil
	}
}

// callCount counts the calls that reach the VM or the guest.
type callCount struct{ n atomic.Int64 }

func (c *callCount) call() error { c.n.Add(1); return nil }

// taken returns the calls counted since the last taken.
func (c *callCount) taken() int64 { return c.n.Swap(0) }

// countingVM accepts every NIC and counts the calls.
type countingVM struct{ *callCount }

func (v countingVM) AddNIC(context.Context, string, *NetworkAdapter) error    { return v.call() }
func (v countingVM) RemoveNIC(context.Context, string, *NetworkAdapter) error { return v.call() }

// countingGuest takes the WCOW steps (a namespace and a pre-add) and
// accepts and counts each.
type countingGuest struct{ *callCount }

func (countingGuest) UsesGuestNamespace(pod PodNetwork) bool { return pod.GuestNamespaceSupported }
func (countingGuest) PreparesNIC(PodNetwork) bool            { return true }
func (g countingGuest) AddNamespace(context.Context, PodNetwork, *hcnmodel.Namespace) error {
	return g.call()
}
func (g countingGuest) RemoveNamespace(context.Context, PodNetwork, *hcnmodel.Namespace) error {
	return g.call()
}
func (g countingGuest) PrepareNIC(context.Context, PodNetwork, NICInfo) error   { return g.call() }
func (g countingGuest) ConfigureNIC(context.Context, PodNetwork, NICInfo) error { return g.call() }
func (g countingGuest) RemoveNIC(context.Context, PodNetwork, NICInfo) error    { return g.call() }

// oneNamespaceHost is an HCN holding one namespace and its endpoints.
type oneNamespaceHost struct {
	ns  *hcnmodel.Namespace
	eps []*hcnmodel.Endpoint
}

func (h oneNamespaceHost) GetNamespaceByID(_ context.Context, id string) (*hcnmodel.Namespace, error) {
	if id != h.ns.Id {
		return nil, errdefs.ErrNotFound
	}
	return h.ns, nil
}

func (h oneNamespaceHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	if _, err := h.GetNamespaceByID(ctx, id); err != nil {
		return nil, err
	}
	ids := make([]string, len(h.eps))
	for i, ep := range h.eps {
		ids[i] = ep.Id
	}
	return ids, nil
}

func (h oneNamespaceHost) GetEndpointByID(_ context.Context, id string) (*hcnmodel.Endpoint, error) {
	for _, ep := range h.eps {
		if ep.Id == id {
			return ep, nil
		}
	}
	return nil, errdefs.ErrNotFound
}

type namespaceSupported struct{}

func (namespaceSupported) IsNamespaceAddRequestSupported() bool { return true }

// configured is a Configured controller over the endpoints named, with
// the guest supporting namespace requests: endpoint i (from 1) has ID
// epID(i), MAC 00-15-5D-00-XX-XX with i in hex and address 10.0.X.X, and
// NICs take the IDs nicIDs draws. The calls Setup made are taken.
func configured(t *testing.T, pbr bool, names ...string) (*callCount, *Controller) {
	t.Helper()
	eps := make([]*hcnmodel.Endpoint, len(names))
	for i, name := range names {
		n := i + 1
		eps[i] = &hcnmodel.Endpoint{
			Id:                   epID(n),
			Name:                 name,
			HostComputeNamespace: testNS,
			MacAddress:           fmt.Sprintf("00-15-5D-00-%02X-%02X", byte(n>>8), byte(n)),
			IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.%d.%d", byte(n>>8), byte(n)), PrefixLength: 16}},
		}
	}
	host := oneNamespaceHost{&hcnmodel.Namespace{Id: testNS, Type: hcnmodel.NamespaceTypeGuest}, eps}
	calls := &callCount{}
	c, err := New(Config{
		NamespaceID:        testNS,
		PolicyBasedRouting: pbr,
		VM:                 countingVM{calls},
		Host:               host,
		Guest:              countingGuest{calls},
		Capabilities:       namespaceSupported{},
		Tuning:             Tuning{NewNICID: nicIDs()},
	})
	require.NoError(t, err, "New")
	require.NoError(t, c.Setup(context.Background()))
	calls.taken()
	return calls, c
}
