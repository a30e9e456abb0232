package netlcow

import (
	"context"
	"errors"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
				require.NoError(t, tc.call(r.new(rec)))
				docs := rec.Documents()
				require.Len(t, docs, 1)
				hcsmodifytest.AssertWire(t, docs[0], r.wrap(tc.bare))
			})
		}
	}
}

func TestNewGuestManagerWithoutTransportReportsIt(t *testing.T) {
	for _, g := range []*GuestManager{NewGuestManager(nil), NewLegacyGuestManager(nil), nil} {
		assert.Error(t, g.Validate(), "a guest manager over no transport must say so, for the controller to refuse it")
	}
	assert.NoError(t, NewGuestManager(&hcsmodifytest.Recorder{}).Validate(), "a guest manager over a transport")
}

func TestGuestManagerErrors(t *testing.T) {
	ctx := context.Background()
	adapter := &Adapter{NamespaceID: testNamespaceID, ID: testNICID}

	// Each call wraps what its route answered, never replacing it:
	// netcore's sentinels from a shim's own transport, and hcsshim's own
	// errors, which the route classifies (a closed bridge on the guest
	// connection, a gone VM on the compute system).
	bridgeClosed := hcsmodifytest.BridgeKilled(errors.New("hvsock reset"))
	vmGone := hcsmodifytest.ComputeSystemError("uvm", hcsmodifytest.HRESULTSystemNotFound)
	type transportCase struct {
		name string
		g    *GuestManager
		want []error
	}
	cases := []transportCase{
		{"closed bridge", NewGuestManager(&hcsmodifytest.Recorder{Err: bridgeClosed}), []error{netcore.ErrGuestUnavailable, bridgeClosed}},
		{"VM gone, legacy route", NewLegacyGuestManager(&hcsmodifytest.Recorder{Err: vmGone}), []error{netcore.ErrVMUnavailable, vmGone}},
	}
	for _, sentinel := range []error{netcore.ErrGuestUnavailable, netcore.ErrVMUnavailable} {
		for _, r := range routes {
			cases = append(cases, transportCase{sentinel.Error() + " via " + r.name, r.new(&hcsmodifytest.Recorder{Err: errors.Join(errors.New("transport failed"), sentinel)}), []error{sentinel}})
		}
	}
	for _, tc := range cases {
		t.Run("transport error wrapped/"+tc.name, func(t *testing.T) {
			for name, err := range map[string]error{
				"add":    tc.g.AddNetworkInterface(ctx, adapter),
				"remove": tc.g.RemoveNetworkInterface(ctx, adapter),
			} {
				require.Error(t, err, name)
				for _, w := range tc.want {
					assert.ErrorIs(t, err, w, name)
				}
				assert.Contains(t, err.Error(), testNICID, "%s: the error names the NIC", name)
			}
		})
	}
	t.Run("nil adapter", func(t *testing.T) {
		m := &hcsmodifytest.Recorder{}
		g := NewGuestManager(m)
		assert.ErrorIs(t, g.AddNetworkInterface(ctx, nil), errdefs.ErrInvalidArgument)
		assert.ErrorIs(t, g.RemoveNetworkInterface(ctx, nil), errdefs.ErrInvalidArgument)
		assert.Empty(t, m.Documents(), "nothing may be sent for a bad argument")
	})
	t.Run("no transport", func(t *testing.T) {
		for _, g := range []*GuestManager{nil, {}} {
			assert.ErrorIs(t, g.AddNetworkInterface(ctx, adapter), errdefs.ErrFailedPrecondition)
		}
	})
}
