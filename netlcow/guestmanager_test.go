package netlcow

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the documents produced")

// fullAdapter sets every field the guest reads, so the golden file pins
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

func TestGuestManagerGolden(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		golden      string
		call        func(*GuestManager) error
		requestType string
	}{
		{
			golden:      "add_network_interface",
			call:        func(g *GuestManager) error { return g.AddNetworkInterface(ctx, fullAdapter()) },
			requestType: "Add",
		},
		{
			golden: "add_network_interface_minimal",
			call: func(g *GuestManager) error {
				return g.AddNetworkInterface(ctx, &Adapter{NamespaceID: testNamespaceID, ID: testNICID})
			},
			requestType: "Add",
		},
		{
			golden: "remove_network_interface",
			call: func(g *GuestManager) error {
				return g.RemoveNetworkInterface(ctx, &Adapter{NamespaceID: testNamespaceID, ID: testNICID})
			},
			requestType: "Remove",
		},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			m := &hcsmodifytest.Recorder{}
			if err := tc.call(NewGuestManager(m)); err != nil {
				t.Fatal(err)
			}
			if len(m.Documents()) != 1 {
				t.Fatalf("sent %d documents, want 1", len(m.Documents()))
			}
			req, ok := m.Documents()[0].(*hcsmodify.ModifySettingRequest)
			if !ok {
				t.Fatalf("sent %T, want *hcsmodify.ModifySettingRequest", m.Documents()[0])
			}
			assertEnvelope(t, req, tc.requestType)
			hcsmodifytest.AssertGolden(t, tc.golden, req, *update)
		})
	}
}

// assertEnvelope checks the outer shape independently of the golden files,
// so that -update cannot bless a wrong envelope.
func assertEnvelope(t *testing.T, req *hcsmodify.ModifySettingRequest, requestType string) {
	t.Helper()
	var doc map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(mustJSON(t, req)), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc) != 1 || doc["GuestRequest"] == nil {
		t.Fatalf("document %s: want only a GuestRequest", mustJSON(t, req))
	}
	gr := doc["GuestRequest"]
	if got := string(gr["ResourceType"]); got != `"Network"` {
		t.Errorf("ResourceType = %s, want \"Network\"", got)
	}
	if got := string(gr["RequestType"]); got != `"`+requestType+`"` {
		t.Errorf("RequestType = %s, want %q", got, requestType)
	}
	var a Adapter
	if err := json.Unmarshal(gr["Settings"], &a); err != nil {
		t.Fatalf("Settings is not an adapter: %v", err)
	}
	if a.ID != testNICID || a.NamespaceID != testNamespaceID {
		t.Errorf("Settings = %+v, want the NIC and namespace IDs", a)
	}
}

func TestGuestManagerErrors(t *testing.T) {
	ctx := context.Background()
	adapter := &Adapter{NamespaceID: testNamespaceID, ID: testNICID}

	t.Run("transport error wrapped", func(t *testing.T) {
		gone := errors.Join(errors.New("bridge closed"), netcore.ErrGuestUnavailable)
		g := NewGuestManager(&hcsmodifytest.Recorder{Err: gone})
		for name, err := range map[string]error{
			"add":    g.AddNetworkInterface(ctx, adapter),
			"remove": g.RemoveNetworkInterface(ctx, adapter),
		} {
			if !errors.Is(err, netcore.ErrGuestUnavailable) {
				t.Errorf("%s: err = %v, want it to wrap ErrGuestUnavailable", name, err)
			}
			if err != nil && !strings.Contains(err.Error(), testNICID) {
				t.Errorf("%s: error %q does not name the NIC", name, err)
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
	t.Run("nil modifier", func(t *testing.T) {
		for _, g := range []*GuestManager{NewGuestManager(nil), nil, {}} {
			if err := g.AddNetworkInterface(ctx, adapter); !errors.Is(err, errdefs.ErrFailedPrecondition) {
				t.Errorf("err = %v, want failed precondition", err)
			}
		}
	})
}
