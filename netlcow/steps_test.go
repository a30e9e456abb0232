package netlcow

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/containerd/errdefs"

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
		if p.UsesGuestNamespace(pod) {
			t.Errorf("supported=%v: UsesGuestNamespace = true", supported)
		}
		if p.PreparesNIC(pod) {
			t.Errorf("supported=%v: PreparesNIC = true", supported)
		}
		if err := p.AddNamespace(ctx, pod, ns); err != nil {
			t.Errorf("AddNamespace: %v", err)
		}
		if err := p.RemoveNamespace(ctx, pod, ns); err != nil {
			t.Errorf("RemoveNamespace: %v", err)
		}
		if err := p.PrepareNIC(ctx, pod, testNIC()); err != nil {
			t.Errorf("PrepareNIC: %v", err)
		}
		if len(g.calls) != 0 {
			t.Errorf("supported=%v: guest called: %+v", supported, g.calls)
		}
	}
}

func TestGuestStepsConfigureNIC(t *testing.T) {
	ctx := context.Background()
	for _, pbr := range []bool{false, true} {
		g := &fakeGuest{}
		if err := NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, pbr), testNIC()); err != nil {
			t.Fatalf("ConfigureNIC: %v", err)
		}
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
		if !reflect.DeepEqual(g.calls, want) {
			t.Errorf("pbr=%v: calls =\n%+v\nwant\n%+v", pbr, g.calls, want)
		}
	}
}

func TestGuestStepsRemoveNIC(t *testing.T) {
	g := &fakeGuest{}
	if err := NewGuestSteps(g).RemoveNIC(context.Background(), testPod(true, true), testNIC()); err != nil {
		t.Fatalf("RemoveNIC: %v", err)
	}
	want := []guestCall{{"RemoveNetworkInterface", Adapter{NamespaceID: testNamespaceID, ID: testNICID}}}
	if !reflect.DeepEqual(g.calls, want) {
		t.Errorf("calls = %+v, want %+v", g.calls, want)
	}
}

func TestGuestStepsUnsupportedGuestSkipsNICSteps(t *testing.T) {
	ctx := context.Background()
	g := &fakeGuest{err: errors.New("must not be called")}
	p := NewGuestSteps(g)
	if err := p.ConfigureNIC(ctx, testPod(false, true), testNIC()); err != nil {
		t.Errorf("ConfigureNIC: %v", err)
	}
	// Even an endpoint that would not build is not looked at.
	bad := netcore.NICInfo{ID: testNICID}
	if err := p.ConfigureNIC(ctx, testPod(false, false), bad); err != nil {
		t.Errorf("ConfigureNIC without endpoint: %v", err)
	}
	if err := p.RemoveNIC(ctx, testPod(false, true), testNIC()); err != nil {
		t.Errorf("RemoveNIC: %v", err)
	}
	if len(g.calls) != 0 {
		t.Errorf("guest called: %+v", g.calls)
	}
}

func TestGuestStepsErrors(t *testing.T) {
	ctx := context.Background()
	cause := errors.New("bridge closed")
	gone := errors.Join(cause, netcore.ErrGuestUnavailable)

	t.Run("configure", func(t *testing.T) {
		g := &fakeGuest{err: gone}
		err := NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, false), testNIC())
		assertNamesNIC(t, err, cause, testEndpointID)
		if !errors.Is(err, netcore.ErrGuestUnavailable) {
			t.Errorf("err = %v, does not wrap ErrGuestUnavailable", err)
		}
	})
	t.Run("remove", func(t *testing.T) {
		g := &fakeGuest{err: gone}
		err := NewGuestSteps(g).RemoveNIC(ctx, testPod(true, false), testNIC())
		assertNamesNIC(t, err, cause, testEndpointID)
		if !errors.Is(err, netcore.ErrGuestUnavailable) {
			t.Errorf("err = %v, does not wrap ErrGuestUnavailable", err)
		}
	})
	t.Run("adapter does not build", func(t *testing.T) {
		g := &fakeGuest{}
		nic := testNIC()
		nic.Endpoint.Policies = []hcnmodel.EndpointPolicy{encap(`{"Overhead":-1}`)}
		err := NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, false), nic)
		assertNamesNIC(t, err, errdefs.ErrInvalidArgument, testEndpointID)
		if len(g.calls) != 0 {
			t.Errorf("guest called: %+v", g.calls)
		}
	})
	t.Run("nil endpoint", func(t *testing.T) {
		g := &fakeGuest{}
		err := NewGuestSteps(g).ConfigureNIC(ctx, testPod(true, false), netcore.NICInfo{ID: testNICID})
		assertNamesNIC(t, err, errdefs.ErrInvalidArgument, "<none>")
		if len(g.calls) != 0 {
			t.Errorf("guest called: %+v", g.calls)
		}
	})
}

func assertNamesNIC(t *testing.T, err, cause error, endpoint string) {
	t.Helper()
	if !errors.Is(err, cause) {
		t.Fatalf("err = %v, want it to wrap %v", err, cause)
	}
	for _, want := range []string{testNICID, endpoint} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestNewGuestStepsWithoutManagerIsNil(t *testing.T) {
	if NewGuestSteps(nil) != nil {
		t.Fatal("guest steps over no manager must be nil, for the controller to refuse them")
	}
}
