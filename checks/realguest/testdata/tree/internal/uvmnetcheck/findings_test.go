package uvmnetcheck

import (
	"context"
	"testing"
	"time"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vishvananda/netlink"

	"github.com/Microsoft/hcsshim/internal/guest/runtime/hcsv2"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
)

// What uvmnet does about each finding of the real agent, on the real
// agent, on both guest routes.

// TestHotPlugIntoRunningPod: once the sandbox runs, uvmnet's AddEndpoint
// fails naming the cause (netlcow.ErrRunningPod), rolls the NIC back and
// stays Configured with the pod as it was; before the sandbox starts the
// same hot-plug succeeds.
func TestHotPlugIntoRunningPod(t *testing.T) {
	requireNamespaces(t)
	for _, r := range guestRoutes {
		for _, running := range []bool{true, false} {
			name := r.name + "/before the sandbox starts"
			if running {
				name = r.name + "/sandbox running"
			}
			t.Run(name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				p := newPod("hot-plug", false,
					endpointSpec{name: "cni-eth0", addrs: []string{"10.9.0.4/24"}, routes: []hcnmodel.Route{route("0.0.0.0/0", "10.9.0.1", 0)}},
					endpointSpec{name: "cni-net1", addrs: []string{"10.10.0.4/24"}, routes: []hcnmodel.Route{route("10.100.0.0/16", "10.10.0.1", 0)}},
				)
				first, second := p.endpoints[0], p.endpoints[1]
				p.endpoints = p.endpoints[:1]
				w := newWorld(t, r, p)
				require.NoError(t, w.ctrl.Setup(ctx))
				if running {
					require.NoError(t, w.sb.start(ctx, p.namespaceID()))
				}
				w.host.AddNamespace(p.namespace(), first, second)
				_, err := w.ctrl.AddEndpoint(ctx, second.Id)
				if !running {
					require.NoError(t, err)
					require.NoError(t, w.sb.start(ctx, p.namespaceID()))
					assert.Len(t, readPod(t, w.sb.h).Links, 2, "both NICs in the pod")
					require.NoError(t, w.ctrl.Teardown(ctx))
					return
				}
				require.ErrorIs(t, err, netlcow.ErrRunningPod)
				t.Logf("AddEndpoint into the running pod: %v", err)
				assert.Equal(t, netcore.StateConfigured, w.ctrl.State())
				assert.Len(t, w.held(), 1, "the agent holds the first NIC only after the rollback")
				assert.Len(t, w.vm.held(), 1, "the VM holds the first NIC only after the rollback")
				pod := readPod(t, w.sb.h)
				assert.Len(t, pod.Links, 1)
				assert.True(t, pod.Links["eth0"].Up, "eth0 as it was")
				require.NoError(t, w.ctrl.Teardown(ctx))
				assert.Empty(t, w.held())
				assert.Empty(t, w.vm.held())
			})
		}
	}
}

// TestClashingDefaultRoutesRefusedBeforeAnyCall: the pod the real agent
// cannot start (two default routes of one metric, no policy-based
// routing) is refused by Setup before any VM or guest call, naming both
// endpoints; with distinct metrics uvmnet sets it up and the pod starts.
func TestClashingDefaultRoutesRefusedBeforeAnyCall(t *testing.T) {
	requireNamespaces(t)
	for _, metric := range []uint16{0, 10} {
		name := "one metric"
		if metric != 0 {
			name = "distinct metrics"
		}
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			p := newPod("two-defaults", false,
				endpointSpec{name: "cni-a-eth0", addrs: []string{"10.11.0.4/24"}, routes: []hcnmodel.Route{route("0.0.0.0/0", "10.11.0.1", 0)}},
				endpointSpec{name: "cni-b-net1", addrs: []string{"10.12.0.4/24"}, routes: []hcnmodel.Route{route("0.0.0.0/0", "10.12.0.1", metric)}},
			)
			w := newWorld(t, guestRoutes[0], p)
			err := w.ctrl.Setup(ctx)
			if metric != 0 {
				require.NoError(t, err)
				require.NoError(t, w.sb.start(ctx, p.namespaceID()))
				got := readPod(t, w.sb.h)
				t.Logf("distinct metrics: %s; %s", got.Links["eth0"], got.Links["eth1"])
				require.NoError(t, w.ctrl.Teardown(ctx))
				return
			}
			require.Error(t, err)
			assert.True(t, errdefs.IsInvalidArgument(err))
			assert.Contains(t, err.Error(), p.endpoints[0].Id)
			assert.Contains(t, err.Error(), p.endpoints[1].Id)
			t.Logf("Setup refuses: %v", err)
			assert.Empty(t, w.vm.held(), "no NIC hot-added")
			_, known := hcsv2.UvmnetHeldAdapters(p.namespaceID())
			assert.False(t, known, "no guest request reached the agent")
		})
	}
}

// TestDNSServerWithZone: uvmnet now accepts a DNS server with an IPv6
// zone, as hcsshim does; the agent takes the adapter and the pod starts.
func TestDNSServerWithZone(t *testing.T) {
	requireNamespaces(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := newPod("dns-zone", false, endpointSpec{
		name: "cni-eth0", addrs: []string{"10.13.0.4/24"}, routes: []hcnmodel.Route{route("0.0.0.0/0", "10.13.0.1", 0)},
		dns: hcnmodel.Dns{ServerList: []string{"FE80::1%Ethernet", "10.96.0.10"}},
	})
	for _, r := range guestRoutes {
		t.Run(r.name, func(t *testing.T) {
			w := newWorld(t, r, p)
			require.NoError(t, w.ctrl.Setup(ctx))
			require.NoError(t, w.sb.start(ctx, p.namespaceID()))
			assert.True(t, readPod(t, w.sb.h).Links["eth0"].Up)
			require.NoError(t, w.ctrl.Teardown(ctx))
		})
	}
}

// TestRemoveWhileRunningLeavesTheInterface: the agent's Remove only
// forgets the adapter; the interface stays configured in the pod until
// the VM hot-removes the device.
func TestRemoveWhileRunningLeavesTheInterface(t *testing.T) {
	requireNamespaces(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := realisticPods()[0]
	w := newWorld(t, guestRoutes[0], p)
	require.NoError(t, w.ctrl.Setup(ctx))
	require.NoError(t, w.sb.start(ctx, p.namespaceID()))
	var nicID string
	for id := range w.vm.nics {
		nicID = id
	}
	a, err := netlcow.BuildAdapter(p.namespaceID(), nicID, p.endpoints[0], false)
	require.NoError(t, err)
	require.NoError(t, netlcow.NewGuestManager(w.agent.gc).RemoveNetworkInterface(ctx, a))
	assert.Empty(t, w.held(), "the agent forgot the adapter")
	link, err := w.sb.h.LinkByName("eth0")
	require.NoError(t, err, "the interface is still in the pod")
	addrs, err := w.sb.h.AddrList(link, netlink.FAMILY_V4)
	require.NoError(t, err)
	assert.NotEmpty(t, addrs, "still configured")
	require.NoError(t, w.ctrl.Teardown(ctx))
	_, err = w.sb.h.LinkByName("eth0")
	assert.Error(t, err, "gone once the VM hot-removed it")
}
