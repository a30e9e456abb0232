package othernet

import (
	"context"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

func nic(k int) string { return "d1c00000-0000-4000-8000-00000000000" + string(rune('0'+k)) }

func TestNewRefusesMissingFields(t *testing.T) {
	w := simworld.New(simworld.Options{})
	guest := LinuxGuest(linuxAgent{w.Guest()})
	for name, cfg := range map[string]Config{
		"NamespaceID": {NamespaceID: "not-a-guid", VM: vmOver{w}, Host: w, Guest: guest},
		"VM":          {NamespaceID: podNamespace, Host: w, Guest: guest},
		"Host":        {NamespaceID: podNamespace, VM: vmOver{w}, Guest: guest},
		"Guest":       {NamespaceID: podNamespace, VM: vmOver{w}, Host: w},
	} {
		_, err := New(cfg)
		assert.ErrorContains(t, err, name, name)
	}
}

func TestLinuxSetupAttachesEth0FirstAndTeardownRemovesInReverse(t *testing.T) {
	p := newPod(t, false, true, 3)
	ctx := context.Background()
	require.NoError(t, p.net.Setup(ctx))
	assert.Equal(t, netcore.StateConfigured, p.net.State())
	assert.Equal(t, []string{p.endpoints[2].Id, p.endpoints[0].Id, p.endpoints[1].Id}, p.world.HotAdded())
	vm, guest, ns := p.world.Holdings()
	assert.Equal(t, []int{3, 3, 0}, []int{vm, guest, ns})
	p.sites()

	require.NoError(t, p.net.Teardown(ctx))
	assert.Equal(t, netcore.StateTornDown, p.net.State())
	assert.Equal(t, []string{
		"guest.RemoveNIC " + nic(3), "vm.RemoveNIC " + nic(3),
		"guest.RemoveNIC " + nic(2), "vm.RemoveNIC " + nic(2),
		"guest.RemoveNIC " + nic(1), "vm.RemoveNIC " + nic(1),
	}, p.sites())
	assert.Empty(t, p.world.Attached())
	assert.Empty(t, p.world.TakeViolations())
	require.NoError(t, p.net.Teardown(ctx), "a second Teardown does nothing")
	assert.Empty(t, p.sites())
}

func TestLinuxGuestWithoutNamespaceSupportIsNeverCalled(t *testing.T) {
	p := newPod(t, false, false, 2)
	ctx := context.Background()
	require.NoError(t, p.net.Setup(ctx))
	require.NoError(t, p.net.Teardown(ctx))
	for _, s := range p.sites() {
		assert.NotContains(t, s, "guest.")
	}
	assert.Empty(t, p.world.Attached())
	assert.Empty(t, p.world.TakeViolations())
}

func TestWindowsSetupOrder(t *testing.T) {
	p := newPod(t, true, true, 2)
	ctx := context.Background()
	require.NoError(t, p.net.Setup(ctx))
	assert.Equal(t, []string{
		"host.GetNamespaceByID " + podNamespace,
		"host.GetNamespaceEndpointIDs " + podNamespace,
		"host.GetEndpointByID " + p.endpoints[0].Id,
		"host.GetEndpointByID " + p.endpoints[1].Id,
		"guest.AddNamespace " + podNamespace,
		"guest.PrepareNIC " + nic(1), "vm.AddNIC " + nic(1), "guest.ConfigureNIC " + nic(1),
		"guest.PrepareNIC " + nic(2), "vm.AddNIC " + nic(2), "guest.ConfigureNIC " + nic(2),
	}, p.sites())
	require.NoError(t, p.net.Teardown(ctx))
	assert.Equal(t, []string{
		"guest.RemoveNIC " + nic(2), "vm.RemoveNIC " + nic(2),
		"guest.RemoveNIC " + nic(1), "vm.RemoveNIC " + nic(1),
		"host.GetNamespaceByID " + podNamespace, "guest.RemoveNamespace " + podNamespace,
	}, p.sites(), "the namespace is read again, then removed last")
	assert.Empty(t, p.world.Attached())
	assert.Empty(t, p.world.TakeViolations())
}

func TestWindowsPreAddIsUndoneWhenHotAddFails(t *testing.T) {
	p := newPod(t, true, true, 2)
	p.failAt("vm.AddNIC", 2, errBoom, 0)
	err := p.net.Setup(context.Background())
	require.ErrorIs(t, err, errBoom)
	assert.NotErrorIs(t, err, errdefs.ErrInvalidArgument, "errors are plain")
	assert.Equal(t, netcore.StateInvalid, p.net.State())
	assert.NotContains(t, p.world.GuestNICIDs(), nic(2), "the guest let go of the pre-added NIC at once")
	require.NoError(t, p.net.Teardown(context.Background()))
	assert.Empty(t, p.world.Attached())
	assert.Empty(t, p.world.TakeViolations())
}

func TestTeardownRetryNeverRepeatsARemoval(t *testing.T) {
	p := newPod(t, true, true, 3)
	ctx := context.Background()
	require.NoError(t, p.net.Setup(ctx))
	p.sites()
	p.failAt("guest.RemoveNIC", 2, errBoom, 0)
	err := p.net.Teardown(ctx)
	require.ErrorIs(t, err, errBoom)
	assert.Equal(t, netcore.StateInvalid, p.net.State())
	assert.Equal(t, []string{
		"guest.RemoveNIC " + nic(3), "vm.RemoveNIC " + nic(3),
		"guest.RemoveNIC " + nic(2), // failed: its VM side stays
		"guest.RemoveNIC " + nic(1), "vm.RemoveNIC " + nic(1),
	}, p.sites(), "Teardown goes on past a failed NIC and keeps the namespace")

	require.NoError(t, p.net.Teardown(ctx))
	assert.Equal(t, []string{
		"guest.RemoveNIC " + nic(2), "vm.RemoveNIC " + nic(2),
		"host.GetNamespaceByID " + podNamespace, "guest.RemoveNamespace " + podNamespace,
	}, p.sites())
	assert.Equal(t, netcore.StateTornDown, p.net.State())
	assert.Empty(t, p.world.Attached())
	assert.Empty(t, p.world.TakeViolations())
}

func TestGoneAtRemoval(t *testing.T) {
	for name, tc := range map[string]struct {
		site    string
		err     error
		stop    simworld.Stop
		wantErr error
	}{
		"guest gone at guest removal":     {site: "guest.RemoveNIC", stop: simworld.StopGuest},
		"VM gone at VM removal":           {site: "vm.RemoveNIC", stop: simworld.StopVM},
		"VM gone at guest removal":        {site: "guest.RemoveNIC", stop: simworld.StopVM},
		"guest unavailable at VM removal": {site: "vm.RemoveNIC", err: netcore.ErrGuestUnavailable, wantErr: netcore.ErrGuestUnavailable},
	} {
		t.Run(name, func(t *testing.T) {
			p := newPod(t, false, true, 2)
			ctx := context.Background()
			require.NoError(t, p.net.Setup(ctx))
			p.failAt(tc.site, 1, tc.err, tc.stop)
			err := p.net.Teardown(ctx)
			require.True(t, p.fault.hit)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				assert.Equal(t, netcore.StateInvalid, p.net.State())
				assert.Len(t, p.world.VMNICIDs(), 1, "the VM still has the NIC whose hot-remove failed")
				require.NoError(t, p.net.Teardown(ctx))
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, netcore.StateTornDown, p.net.State())
			assert.Empty(t, p.world.Attached())
			assert.Empty(t, p.world.TakeViolations())
		})
	}
}

// forgetfulHost is an HCN whose namespace was deleted after Setup.
type forgetfulHost struct {
	netcore.HostNetwork
	forgot bool
}

func (h *forgetfulHost) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	if h.forgot {
		return nil, errdefs.ErrNotFound
	}
	return h.HostNetwork.GetNamespaceByID(ctx, id)
}

func TestWindowsTeardownFinishesWhenHCNForgotTheNamespace(t *testing.T) {
	p := newPod(t, true, true, 1)
	host := &forgetfulHost{HostNetwork: p.world}
	p.net.host = host
	ctx := context.Background()
	require.NoError(t, p.net.Setup(ctx))
	host.forgot = true
	require.NoError(t, p.net.Teardown(ctx))
	assert.Empty(t, p.world.Attached())
	assert.Empty(t, p.world.TakeViolations())
}

func TestSetupChecksEveryEndpointBeforeAnyVMOrGuestCall(t *testing.T) {
	p := newPod(t, true, true, 2)
	bad := simworld.CopyEndpoint(p.endpoints[1])
	bad.MacAddress = "01-00-5E-00-00-01"
	p.world.PutEndpoints(podNamespace, bad)
	err := p.net.Setup(context.Background())
	require.ErrorContains(t, err, "MacAddress")
	require.ErrorContains(t, err, "01-00-5E-00-00-01")
	for _, s := range p.sites() {
		assert.Contains(t, s, "host.")
	}
	assert.Equal(t, netcore.StateInvalid, p.net.State())
}

func TestSetupRefusesAnotherNamespacesDocument(t *testing.T) {
	p := newPod(t, false, true, 1)
	p.world.PutNamespaceDocument(podNamespace, &hcnmodel.Namespace{Id: "a0c2e4f6-0000-4000-8000-00000000ffff"})
	require.ErrorContains(t, p.net.Setup(context.Background()), "a0c2e4f6-0000-4000-8000-00000000ffff")
	assert.Empty(t, p.world.Attached())
}

func TestSetupTwiceFails(t *testing.T) {
	p := newPod(t, false, true, 1)
	require.NoError(t, p.net.Setup(context.Background()))
	require.ErrorContains(t, p.net.Setup(context.Background()), "Configured")
	assert.Equal(t, netcore.StateConfigured, p.net.State())
}

func TestCancelledSetupMakesNoFurtherCall(t *testing.T) {
	p := newPod(t, false, true, 2)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, p.net.Setup(ctx), context.Canceled)
	assert.Empty(t, p.sites())
	assert.Empty(t, p.world.TakeViolations())
}

// panickyVM panics at its first hot-add.
type panickyVM struct{ netcore.VMNetworkManager }

func (panickyVM) AddNIC(context.Context, string, *netcore.NetworkAdapter) error { panic("manager bug") }

func TestPanicInSetupLeavesInvalidAndTracked(t *testing.T) {
	p := newPod(t, true, true, 1)
	p.net.vm = panickyVM{p.net.vm}
	require.PanicsWithValue(t, "manager bug", func() { _ = p.net.Setup(context.Background()) })
	assert.Equal(t, netcore.StateInvalid, p.net.State())
	p.net.vm = vmOver{p.world}
	require.NoError(t, p.net.Teardown(context.Background()))
	assert.Empty(t, p.world.Attached(), "the pre-add made before the panic was undone")
	assert.Empty(t, p.world.TakeViolations())
}
