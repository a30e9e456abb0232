package netwcow

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// guestCall is one call a fakeGuest saw.
type guestCall struct {
	Method      string
	AdapterID   string
	RequestType RequestType
	Endpoint    *hcnmodel.Endpoint
	Namespace   *hcnmodel.Namespace
}

// fakeGuest records every call and fails with err when it is set.
type fakeGuest struct {
	calls []guestCall
	err   error
}

func (f *fakeGuest) AddNetworkNamespace(_ context.Context, ns *hcnmodel.Namespace) error {
	f.calls = append(f.calls, guestCall{Method: "AddNetworkNamespace", Namespace: ns})
	return f.err
}

func (f *fakeGuest) RemoveNetworkNamespace(_ context.Context, ns *hcnmodel.Namespace) error {
	f.calls = append(f.calls, guestCall{Method: "RemoveNetworkNamespace", Namespace: ns})
	return f.err
}

func (f *fakeGuest) AddNetworkInterface(_ context.Context, id string, rt RequestType, ep *hcnmodel.Endpoint) error {
	f.calls = append(f.calls, guestCall{Method: "AddNetworkInterface", AdapterID: id, RequestType: rt, Endpoint: ep})
	return f.err
}

func (f *fakeGuest) RemoveNetworkInterface(_ context.Context, id string, rt RequestType, ep *hcnmodel.Endpoint) error {
	f.calls = append(f.calls, guestCall{Method: "RemoveNetworkInterface", AdapterID: id, RequestType: rt, Endpoint: ep})
	return f.err
}

func TestGuestStepsPredicates(t *testing.T) {
	p := NewGuestSteps(&fakeGuest{})
	for _, supported := range []bool{false, true} {
		pod := testPod(supported)
		assert.Equal(t, supported, p.UsesGuestNamespace(pod), "supported=%v: UsesGuestNamespace", supported)
		assert.True(t, p.PreparesNIC(pod), "supported=%v: PreparesNIC", supported)
	}
}

// TestPlatformSteps checks each step makes exactly one guest call with the
// right arguments, whether or not the guest supports namespace requests
// (the NIC steps do not depend on it; the controller decides whether to
// call the namespace steps).
func TestGuestStepsSteps(t *testing.T) {
	ctx := context.Background()
	ns := testNamespace()
	nic := testNIC()
	for _, supported := range []bool{false, true} {
		pod := testPod(supported)
		for _, tc := range []struct {
			step string
			run  func(netcore.GuestSteps) error
			want guestCall
		}{
			{"AddNamespace", func(p netcore.GuestSteps) error { return p.AddNamespace(ctx, pod, ns) },
				guestCall{Method: "AddNetworkNamespace", Namespace: ns}},
			{"RemoveNamespace", func(p netcore.GuestSteps) error { return p.RemoveNamespace(ctx, pod, ns) },
				guestCall{Method: "RemoveNetworkNamespace", Namespace: ns}},
			{"PrepareNIC", func(p netcore.GuestSteps) error { return p.PrepareNIC(ctx, pod, nic) },
				guestCall{Method: "AddNetworkInterface", AdapterID: testNICID, RequestType: RequestTypePreAdd, Endpoint: nic.Endpoint}},
			{"ConfigureNIC", func(p netcore.GuestSteps) error { return p.ConfigureNIC(ctx, pod, nic) },
				guestCall{Method: "AddNetworkInterface", AdapterID: testNICID, RequestType: RequestTypeAdd}},
			{"RemoveNIC", func(p netcore.GuestSteps) error { return p.RemoveNIC(ctx, pod, nic) },
				guestCall{Method: "RemoveNetworkInterface", AdapterID: testNICID, RequestType: RequestTypeRemove}},
		} {
			g := &fakeGuest{}
			require.NoError(t, tc.run(NewGuestSteps(g)), "supported=%v %s", supported, tc.step)
			assert.Equal(t, []guestCall{tc.want}, g.calls, "supported=%v %s", supported, tc.step)
			// Pointers are passed through, not copied: the guest gets the
			// very documents HCN returned.
			if len(g.calls) == 1 {
				assert.Same(t, tc.want.Namespace, g.calls[0].Namespace, "supported=%v %s: namespace copied", supported, tc.step)
				assert.Same(t, tc.want.Endpoint, g.calls[0].Endpoint, "supported=%v %s: endpoint copied", supported, tc.step)
			}
		}
	}
}

func TestGuestStepsErrors(t *testing.T) {
	ctx := context.Background()
	cause := errors.New("bridge closed")
	gone := errors.Join(cause, netcore.ErrGuestUnavailable)
	pod := testPod(true)
	nic := testNIC()
	for _, tc := range []struct {
		step  string
		run   func(netcore.GuestSteps) error
		names []string
	}{
		{"AddNamespace", func(p netcore.GuestSteps) error { return p.AddNamespace(ctx, pod, testNamespace()) },
			[]string{testNamespaceID}},
		{"RemoveNamespace", func(p netcore.GuestSteps) error { return p.RemoveNamespace(ctx, pod, testNamespace()) },
			[]string{testNamespaceID}},
		{"RemoveNamespace without document", func(p netcore.GuestSteps) error { return p.RemoveNamespace(ctx, pod, nil) },
			[]string{testNamespaceID}},
		{"PrepareNIC", func(p netcore.GuestSteps) error { return p.PrepareNIC(ctx, pod, nic) },
			[]string{"pre-add", testNICID, testEndpointID}},
		{"ConfigureNIC", func(p netcore.GuestSteps) error { return p.ConfigureNIC(ctx, pod, nic) },
			[]string{testNICID, testEndpointID}},
		{"RemoveNIC", func(p netcore.GuestSteps) error { return p.RemoveNIC(ctx, pod, nic) },
			[]string{testNICID, testEndpointID}},
		{"RemoveNIC without endpoint", func(p netcore.GuestSteps) error {
			return p.RemoveNIC(ctx, pod, netcore.NICInfo{ID: testNICID})
		}, []string{testNICID, "<none>"}},
	} {
		t.Run(tc.step, func(t *testing.T) {
			err := tc.run(NewGuestSteps(&fakeGuest{err: gone}))
			require.ErrorIs(t, err, cause)
			require.ErrorIs(t, err, netcore.ErrGuestUnavailable)
			for _, w := range tc.names {
				assert.ErrorContains(t, err, w, "the error must name %q", w)
			}
		})
	}
}

func TestNewGuestStepsWithoutManagerIsNil(t *testing.T) {
	require.True(t, NewGuestSteps(nil) == nil, "guest steps over no manager must be a nil interface, for the controller to refuse them")
}
