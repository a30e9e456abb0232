package netlcow

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// fullAdapter sets every field the guest reads, so the wire test pins
// every wire name.
func fullAdapter() *Adapter {
	a, err := BuildAdapter(testNamespaceID, testNICID, testNIC().Endpoint, true)
	if err != nil {
		panic(err)
	}
	a.DNSSuffix = "pod.example,svc.example"
	a.DNSServerList = "10.0.0.10,fd00::a"
	a.IPConfigs = append(a.IPConfigs, IPConfig{IPAddress: "fd00::3", PrefixLength: 64})
	a.Routes[0].Metric = 5
	a.VPCIAssigned = true
	a.EnableLowMetric = true
	return a
}

// The settings documents, written out from the guest's LCOW network
// adapter schema (field order, omitempty on every field).
const (
	fullAdapterWire = `{"NamespaceID":"` + testNamespaceID + `","ID":"` + testNICID + `","MacAddress":"00-15-5D-01-02-03",` +
		`"DNSSuffix":"pod.example,svc.example","DNSServerList":"10.0.0.10,fd00::a","EncapOverhead":50,"VPCIAssigned":true,` +
		`"IPConfigs":[{"IPAddress":"10.1.2.3","PrefixLength":24},{"IPAddress":"fd00::3","PrefixLength":64}],` +
		`"Routes":[{"NextHop":"10.1.2.1","DestinationPrefix":"0.0.0.0/0","Metric":5}],"PolicyBasedRouting":true,"EnableLowMetric":true}`
	idsOnlyWire = `{"NamespaceID":"` + testNamespaceID + `","ID":"` + testNICID + `"}`
)

// routes builds a GuestManager on each route over a recorder, with the
// function that turns a bare request's bytes into what that route sends.
var routes = []struct {
	name string
	new  func(*hcsmodifytest.Recorder) *GuestManager
	wrap func(bare string) string
}{
	{"guest connection", func(r *hcsmodifytest.Recorder) *GuestManager { return NewGuestManager(r) }, func(bare string) string { return bare }},
	{"compute system", func(r *hcsmodifytest.Recorder) *GuestManager { return NewLegacyGuestManager(r) }, func(bare string) string { return `{"GuestRequest":` + bare + `}` }},
}

func TestGuestManagerWire(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func(*GuestManager) error
		bare string
	}{
		{
			name: "add",
			call: func(g *GuestManager) error { return g.AddNetworkInterface(ctx, fullAdapter()) },
			bare: `{"RequestType":"Add","ResourceType":"Network","Settings":` + fullAdapterWire + `}`,
		},
		{
			name: "add minimal",
			call: func(g *GuestManager) error {
				return g.AddNetworkInterface(ctx, &Adapter{NamespaceID: testNamespaceID, ID: testNICID})
			},
			bare: `{"RequestType":"Add","ResourceType":"Network","Settings":` + idsOnlyWire + `}`,
		},
		{
			name: "remove",
			call: func(g *GuestManager) error {
				return g.RemoveNetworkInterface(ctx, &Adapter{NamespaceID: testNamespaceID, ID: testNICID})
			},
			bare: `{"RequestType":"Remove","ResourceType":"Network","Settings":` + idsOnlyWire + `}`,
		},
	} {
		for _, r := range routes {
			t.Run(tc.name+"/"+r.name, func(t *testing.T) {
				rec := &hcsmodifytest.Recorder{}
				if err := tc.call(r.new(rec)); err != nil {
					t.Fatal(err)
				}
				docs := rec.Documents()
				if len(docs) != 1 {
					t.Fatalf("sent %d documents, want 1", len(docs))
				}
				hcsmodifytest.AssertWire(t, docs[0], r.wrap(tc.bare))
			})
		}
	}
}

func TestNewGuestManagerWithoutTransportReportsIt(t *testing.T) {
	for _, g := range []*GuestManager{NewGuestManager(nil), NewLegacyGuestManager(nil), nil} {
		if err := g.Validate(); err == nil {
			t.Error("a guest manager over no transport must say so, for the controller to refuse it")
		}
	}
	if err := NewGuestManager(&hcsmodifytest.Recorder{}).Validate(); err != nil {
		t.Errorf("a guest manager over a transport: %v", err)
	}
}

func TestGuestManagerErrors(t *testing.T) {
	ctx := context.Background()
	adapter := &Adapter{NamespaceID: testNamespaceID, ID: testNICID}

	t.Run("transport error wrapped", func(t *testing.T) {
		for _, sentinel := range []error{netcore.ErrGuestUnavailable, netcore.ErrVMUnavailable} {
			gone := errors.Join(errors.New("transport failed"), sentinel)
			for _, r := range routes {
				g := r.new(&hcsmodifytest.Recorder{Err: gone})
				for name, err := range map[string]error{
					"add":    g.AddNetworkInterface(ctx, adapter),
					"remove": g.RemoveNetworkInterface(ctx, adapter),
				} {
					if !errors.Is(err, sentinel) {
						t.Errorf("%s via %s: err = %v, want it to wrap %v", name, r.name, err, sentinel)
					}
					if err != nil && !strings.Contains(err.Error(), testNICID) {
						t.Errorf("%s via %s: error %q does not name the NIC", name, r.name, err)
					}
				}
			}
		}
	})
	t.Run("nil adapter", func(t *testing.T) {
		m := &hcsmodifytest.Recorder{}
		g := NewGuestManager(m)
		for name, err := range map[string]error{
			"add":    g.AddNetworkInterface(ctx, nil),
			"remove": g.RemoveNetworkInterface(ctx, nil),
		} {
			if !errors.Is(err, errdefs.ErrInvalidArgument) {
				t.Errorf("%s: err = %v, want invalid argument", name, err)
			}
		}
		if len(m.Documents()) != 0 {
			t.Errorf("transport called: %v", m.Documents())
		}
	})
	t.Run("no transport", func(t *testing.T) {
		for _, g := range []*GuestManager{nil, {}} {
			if err := g.AddNetworkInterface(ctx, adapter); !errors.Is(err, errdefs.ErrFailedPrecondition) {
				t.Errorf("err = %v, want failed precondition", err)
			}
		}
	})
}
