package netwcow

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

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
		if got := p.UsesGuestNamespace(pod); got != supported {
			t.Errorf("supported=%v: UsesGuestNamespace = %v", supported, got)
		}
		if !p.PreparesNIC(pod) {
			t.Errorf("supported=%v: PreparesNIC = false", supported)
		}
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
			if err := tc.run(NewGuestSteps(g)); err != nil {
				t.Fatalf("supported=%v %s: %v", supported, tc.step, err)
			}
			if want := []guestCall{tc.want}; !reflect.DeepEqual(g.calls, want) {
				t.Errorf("supported=%v %s: calls =\n%+v\nwant\n%+v", supported, tc.step, g.calls, want)
			}
			// Pointers are passed through, not copied: the guest gets the
			// very documents HCN returned.
			if len(g.calls) == 1 && (g.calls[0].Namespace != tc.want.Namespace || g.calls[0].Endpoint != tc.want.Endpoint) {
				t.Errorf("supported=%v %s: documents copied", supported, tc.step)
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
			if !errors.Is(err, cause) || !errors.Is(err, netcore.ErrGuestUnavailable) {
				t.Fatalf("err = %v, want it to wrap the cause and ErrGuestUnavailable", err)
			}
			for _, w := range tc.names {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %q", err, w)
				}
			}
		})
	}
}

func TestNewGuestStepsWithoutManagerIsNil(t *testing.T) {
	if NewGuestSteps(nil) != nil {
		t.Fatal("guest steps over no manager must be nil, for the controller to refuse them")
	}
}
