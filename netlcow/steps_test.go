package netlcow

import (
	"context"
	"errors"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// guestCall is one call a fakeGuest saw.
type guestCall struct {
	Method  string
	Adapter Adapter
}

// fakeGuest records every call and fails with err when it is set.
type fakeGuest struct {
	calls []guestCall
	err   error
}

func (f *fakeGuest) AddNetworkInterface(_ context.Context, a *Adapter) error {
	f.calls = append(f.calls, guestCall{"AddNetworkInterface", *a})
	return f.err
}

func (f *fakeGuest) RemoveNetworkInterface(_ context.Context, a *Adapter) error {
	f.calls = append(f.calls, guestCall{"RemoveNetworkInterface", *a})
	return f.err
}

func testPod(supported, pbr bool) netcore.PodNetwork {
	return netcore.PodNetwork{NamespaceID: testNamespaceID, PolicyBasedRouting: pbr, GuestNamespaceSupported: supported}
}

func testNIC() netcore.NICInfo {
	return netcore.NICInfo{ID: testNICID, Endpoint: &hcnmodel.Endpoint{
		Id:               testEndpointID,
		Name:             "pod-eth0",
		MacAddress:       "00-15-5D-01-02-03",
		IpConfigurations: []hcnmodel.IpConfig{{IpAddress: "10.1.2.3", PrefixLength: 24}},
		Routes:           []hcnmodel.Route{{NextHop: "10.1.2.1", DestinationPrefix: "0.0.0.0/0"}},
		Dns:              hcnmodel.Dns{Domain: "Pod.Example", ServerList: []string{"10.0.0.10"}},
		Policies:         []hcnmodel.EndpointPolicy{encap(`{"Overhead":50}`)},
	}}
}

func TestGuestStepsNamespaceAndPrepareAreNoOps(t *testing.T) {
	ctx := context.Background()
	for _, supported := range []bool{false, true} {
		g := &fakeGuest{err: errors.New("must not be called")}
		p := NewGuestSteps(g)
		pod := testPod(supported, true)
		ns := &hcnmodel.Namespace{Id: testNamespaceID}
		assert.False(t, p.UsesGuestNamespace(pod), "supported=%v: UsesGuestNamespace", supported)
		assert.False(t, p.PreparesNIC(pod), "supported=%v: PreparesNIC", supported)
		assert.NoError(t, p.AddNamespace(ctx, pod, ns), "AddNamespace")
		assert.NoError(t, p.RemoveNamespace(ctx, pod, ns), "RemoveNamespace")
		assert.NoError(t, p.PrepareNIC(ctx, pod, testNIC()), "PrepareNIC")
		assert.Empty(t, g.calls, "supported=%v: guest called", supported)
	}
}

func TestGuestStepsConfigureNIC(t *testing.T) {
	ctx := context.Background()
	for _, pbr := range []bool{false, true} {
		g := &fakeGuest{}
		require.NoError(t, NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, pbr), testNIC()))
		want := []guestCall{{"AddNetworkInterface", Adapter{
			NamespaceID:        testNamespaceID,
			ID:                 testNICID,
			MacAddress:         "00-15-5D-01-02-03",
			DNSSuffix:          "pod.example",
			DNSServerList:      "10.0.0.10",
			EncapOverhead:      50,
			IPConfigs:          []IPConfig{{IPAddress: "10.1.2.3", PrefixLength: 24}},
			Routes:             []Route{{NextHop: "10.1.2.1", DestinationPrefix: "0.0.0.0/0"}},
			PolicyBasedRouting: pbr,
		}}}
		assert.Equal(t, want, g.calls, "pbr=%v", pbr)
	}
}

func TestGuestStepsRemoveNIC(t *testing.T) {
	g := &fakeGuest{}
	require.NoError(t, NewGuestSteps(g).RemoveNIC(context.Background(), testPod(true, true), testNIC()))
	want := []guestCall{{"RemoveNetworkInterface", Adapter{NamespaceID: testNamespaceID, ID: testNICID}}}
	assert.Equal(t, want, g.calls)
}

func TestGuestStepsUnsupportedGuestSkipsNICSteps(t *testing.T) {
	ctx := context.Background()
	g := &fakeGuest{err: errors.New("must not be called")}
	p := NewGuestSteps(g)
	assert.NoError(t, p.ConfigureNIC(ctx, testPod(false, true), testNIC()), "ConfigureNIC")
	// Even an endpoint that would not build is not looked at.
	bad := netcore.NICInfo{ID: testNICID}
	assert.NoError(t, p.ConfigureNIC(ctx, testPod(false, false), bad), "ConfigureNIC without endpoint")
	assert.NoError(t, p.RemoveNIC(ctx, testPod(false, true), testNIC()), "RemoveNIC")
	assert.Empty(t, g.calls, "guest called")
}

func TestGuestStepsErrors(t *testing.T) {
	ctx := context.Background()
	cause := errors.New("bridge closed")
	gone := errors.Join(cause, netcore.ErrGuestUnavailable)

	t.Run("configure", func(t *testing.T) {
		g := &fakeGuest{err: gone}
		err := NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, false), testNIC())
		assertNamesNIC(t, err, cause, testEndpointID)
		assert.ErrorIs(t, err, netcore.ErrGuestUnavailable)
	})
	t.Run("remove", func(t *testing.T) {
		g := &fakeGuest{err: gone}
		err := NewGuestSteps(g).RemoveNIC(ctx, testPod(true, false), testNIC())
		assertNamesNIC(t, err, cause, testEndpointID)
		assert.ErrorIs(t, err, netcore.ErrGuestUnavailable)
	})
	t.Run("adapter does not build", func(t *testing.T) {
		g := &fakeGuest{}
		nic := testNIC()
		nic.Endpoint.Policies = []hcnmodel.EndpointPolicy{encap(`{"Overhead":-1}`)}
		err := NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, false), nic)
		assertNamesNIC(t, err, errdefs.ErrInvalidArgument, testEndpointID)
		assert.Empty(t, g.calls, "guest called")
	})
	t.Run("nil endpoint", func(t *testing.T) {
		g := &fakeGuest{}
		err := NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, false), netcore.NICInfo{ID: testNICID})
		assertNamesNIC(t, err, errdefs.ErrInvalidArgument, "<none>")
		assert.Empty(t, g.calls, "guest called")
	})
}

func assertNamesNIC(t *testing.T, err, cause error, endpoint string) {
	t.Helper()
	require.ErrorIs(t, err, cause)
	for _, want := range []string{testNICID, endpoint} {
		assert.ErrorContains(t, err, want, "the error must name %q", want)
	}
}

func TestNewGuestStepsWithoutManagerIsNil(t *testing.T) {
	require.True(t, NewGuestSteps(nil) == nil, "guest steps over no manager must be a nil interface, for the controller to refuse them")
}
