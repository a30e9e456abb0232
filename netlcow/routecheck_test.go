package netlcow

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// routed is an endpoint with the given routes.
func routed(i int, routes ...hcnmodel.Route) *hcnmodel.Endpoint {
	return &hcnmodel.Endpoint{
		Id:                   fmt.Sprintf("e0000000-0000-4000-8000-0000000000%02x", i),
		Name:                 fmt.Sprintf("ep%d", i),
		HostComputeNamespace: "a0000000-0000-4000-8000-0000000000aa",
		MacAddress:           fmt.Sprintf("00-15-5D-00-00-%02X", i),
		IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.%d.4", i), PrefixLength: 24}},
		Routes:               routes,
	}
}

func def(hop string, metric uint16) hcnmodel.Route {
	return hcnmodel.Route{DestinationPrefix: "0.0.0.0/0", NextHop: hop, Metric: metric}
}

// The cases are the ones checks/realguest runs through the real agent
// (its sequences "two default routes, ...").
func TestCheckRoutes(t *testing.T) {
	cases := []struct {
		name  string
		pbr   bool
		eps   []*hcnmodel.Endpoint
		clash bool
	}{
		{"one default route each, one metric", false, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("10.0.2.1", 0))}, true},
		{"distinct metrics", false, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("10.0.2.1", 10))}, false},
		{"policy-based routing, two NICs", true, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("10.0.2.1", 0))}, false},
		{"policy-based routing, three NICs", true, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("10.0.2.1", 0)), routed(3, def("10.0.3.1", 0))}, true},
		{"policy-based routing, third NIC at metric 500", true, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("10.0.2.1", 0)), routed(3, def("10.0.3.1", 500))}, true},
		{"policy-based routing, three NICs, distinct metrics", true, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("10.0.2.1", 0)), routed(3, def("10.0.3.1", 7))}, false},
		{"unspecified next hop", false, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("0.0.0.0", 0))}, false},
		{"one subnet route", false, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, hcnmodel.Route{DestinationPrefix: "10.80.0.0/16", NextHop: "10.0.2.1"})}, false},
		{"one subnet twice", false, []*hcnmodel.Endpoint{routed(1, hcnmodel.Route{DestinationPrefix: "10.80.0.0/16", NextHop: "10.0.1.1"}), routed(2, hcnmodel.Route{DestinationPrefix: "10.80.0.0/16", NextHop: "10.0.2.1"})}, true},
		{"IPv6, metric 0 and 1024", false, []*hcnmodel.Endpoint{routed(1, hcnmodel.Route{DestinationPrefix: "::/0", NextHop: "fd00::1"}), routed(2, hcnmodel.Route{DestinationPrefix: "::/0", NextHop: "fd00:2::1", Metric: 1024})}, true},
		{"IPv4 and IPv6 defaults", false, []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, hcnmodel.Route{DestinationPrefix: "::/0", NextHop: "fd00:2::1"})}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckRoutes(c.pbr, c.eps)
			if !c.clash {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, errdefs.IsInvalidArgument(err), "classed invalid argument: %v", err)
			assert.Contains(t, err.Error(), "file exists")
			assert.Contains(t, err.Error(), "distinct metrics", "names the remedy")
			last := c.eps[len(c.eps)-1]
			assert.Contains(t, err.Error(), last.Id, "names the second endpoint")
		})
	}
}

// countingVM counts the VM's NIC calls.
type countingVM struct{ calls atomic.Int32 }

func (v *countingVM) AddNIC(context.Context, string, *netcore.NetworkAdapter) error {
	v.calls.Add(1)
	return nil
}

func (v *countingVM) RemoveNIC(context.Context, string, *netcore.NetworkAdapter) error {
	v.calls.Add(1)
	return nil
}

// agentRefusing answers adds as hcsshim's Linux agent does once the pod's
// sandbox runs, and counts the guest calls.
type agentRefusing struct {
	calls    atomic.Int32
	afterAdd int32 // adds before the sandbox starts
}

func (g *agentRefusing) AddNetworkInterface(context.Context, *Adapter) error {
	if g.calls.Add(1) > g.afterAdd {
		return errors.New("guest RPC failure: failed to move interface eth0 to network namespace: netlink.LinkByName(eth0) failed: Link not found")
	}
	return nil
}

func (g *agentRefusing) RemoveNetworkInterface(context.Context, *Adapter) error {
	g.calls.Add(1)
	return nil
}

type namespacesSupported struct{}

func (namespacesSupported) IsNamespaceAddRequestSupported() bool { return true }

func TestSetupRefusesClashingRoutesBeforeAnyCall(t *testing.T) {
	host := nettest.NewHost()
	eps := []*hcnmodel.Endpoint{routed(1, def("10.0.1.1", 0)), routed(2, def("10.0.2.1", 0))}
	eps[0].Name = "pod-eth0"
	host.AddNamespace(&hcnmodel.Namespace{Id: eps[0].HostComputeNamespace, Type: hcnmodel.NamespaceTypeGuest}, eps...)
	vm, guest := &countingVM{}, &agentRefusing{afterAdd: 100}
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID: eps[0].HostComputeNamespace, VM: vm, Host: host,
		Guest: NewGuestSteps(guest), Capabilities: namespacesSupported{},
	})
	require.NoError(t, err)
	err = ctrl.Setup(context.Background())
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err))
	assert.Contains(t, err.Error(), eps[0].Id)
	assert.Contains(t, err.Error(), eps[1].Id)
	assert.Zero(t, vm.calls.Load(), "VM calls before the refusal")
	assert.Zero(t, guest.calls.Load(), "guest calls before the refusal")
}

func TestHotPlugIntoRunningPodNamesTheCause(t *testing.T) {
	host := nettest.NewHost()
	first := routed(1, def("10.0.1.1", 0))
	first.Name = "pod-eth0"
	nsID := first.HostComputeNamespace
	host.AddNamespace(&hcnmodel.Namespace{Id: nsID, Type: hcnmodel.NamespaceTypeGuest}, first)
	guest := &agentRefusing{afterAdd: 1}
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID: nsID, VM: &countingVM{}, Host: host,
		Guest: NewGuestSteps(guest), Capabilities: namespacesSupported{},
	})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, ctrl.Setup(ctx))
	second := routed(2, hcnmodel.Route{DestinationPrefix: "10.80.0.0/16", NextHop: "10.0.2.1"})
	host.AddNamespace(&hcnmodel.Namespace{Id: nsID, Type: hcnmodel.NamespaceTypeGuest}, first, second)
	_, err = ctrl.AddEndpoint(ctx, second.Id)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrRunningPod)
	assert.Equal(t, netcore.StateConfigured, ctrl.State())
	// The add, the remove that makes the agent forget the refused NIC.
	assert.Equal(t, int32(3), guest.calls.Load(), "guest calls")
}
