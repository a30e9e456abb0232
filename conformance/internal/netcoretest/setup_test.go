package netcoretest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
)

// TestSetupCallOrder pins the exact calls, arguments and order of Setup
// and Teardown for both platforms, with the guest's namespace capability
// on and off. The endpoint named eth0 is last in HCN's order and must be
// attached first.
func TestSetupCallOrder(t *testing.T) {
	e1, e2 := epID(1), epID(2)
	mac1, mac2 := "00-15-5D-00-00-01", "00-15-5D-00-00-02"
	n1, n2 := nicID(1), nicID(2)
	reads := []string{
		"host.GetNamespaceByID " + testNS,
		"host.GetNamespaceEndpointIDs " + testNS,
		"host.GetEndpointByID " + e1,
		"host.GetEndpointByID " + e2,
	}
	tests := []struct {
		kind      platformKind
		supported bool
		setup     []string
		teardown  []string
	}{
		{lcowLike, true,
			[]string{
				"vm.AddNIC " + n1 + " " + e2 + " " + mac2, "guest.ConfigureNIC " + n1 + " " + e2,
				"vm.AddNIC " + n2 + " " + e1 + " " + mac1, "guest.ConfigureNIC " + n2 + " " + e1,
			},
			[]string{
				"guest.RemoveNIC " + n2, "vm.RemoveNIC " + n2 + " " + e1,
				"guest.RemoveNIC " + n1, "vm.RemoveNIC " + n1 + " " + e2,
			}},
		{lcowLike, false,
			[]string{"vm.AddNIC " + n1 + " " + e2 + " " + mac2, "vm.AddNIC " + n2 + " " + e1 + " " + mac1},
			[]string{"vm.RemoveNIC " + n2 + " " + e1, "vm.RemoveNIC " + n1 + " " + e2}},
		{wcowLike, true,
			[]string{
				"guest.AddNamespace " + testNS,
				"guest.PrepareNIC " + n1 + " " + e2, "vm.AddNIC " + n1 + " " + e2 + " " + mac2, "guest.ConfigureNIC " + n1 + " " + e2,
				"guest.PrepareNIC " + n2 + " " + e1, "vm.AddNIC " + n2 + " " + e1 + " " + mac1, "guest.ConfigureNIC " + n2 + " " + e1,
			},
			[]string{
				"guest.RemoveNIC " + n2, "vm.RemoveNIC " + n2 + " " + e1,
				"guest.RemoveNIC " + n1, "vm.RemoveNIC " + n1 + " " + e2,
				"guest.RemoveNamespace " + testNS,
			}},
		{wcowLike, false,
			[]string{
				"guest.PrepareNIC " + n1 + " " + e2, "vm.AddNIC " + n1 + " " + e2 + " " + mac2, "guest.ConfigureNIC " + n1 + " " + e2,
				"guest.PrepareNIC " + n2 + " " + e1, "vm.AddNIC " + n2 + " " + e1 + " " + mac1, "guest.ConfigureNIC " + n2 + " " + e1,
			},
			[]string{
				"guest.RemoveNIC " + n2, "vm.RemoveNIC " + n2 + " " + e1,
				"guest.RemoveNIC " + n1, "vm.RemoveNIC " + n1 + " " + e2,
			}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/supported=%v", tc.kind, tc.supported), func(t *testing.T) {
			w := newWorld(t)
			w.addNamespace(testNS, "pod-net1", "pod-eth0")
			c := newTestController(t, w, tc.kind, tc.supported)
			ctx := context.Background()

			require.NoError(t, c.Setup(ctx))
			assert.Equal(t, netcore.StateConfigured, c.State())
			assert.Equal(t, append(append([]string{}, reads...), tc.setup...), w.takeCalls())

			require.NoError(t, c.Teardown(ctx))
			assert.Equal(t, netcore.StateTornDown, c.State())
			assert.Equal(t, tc.teardown, w.takeCalls())
			w.assertClean(t)
		})
	}
}

func TestSetupWithoutEndpoints(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		t.Run(kind.String(), func(t *testing.T) {
			w := newWorld(t)
			w.addNamespace(testNS)
			c := newTestController(t, w, kind, true)
			require.NoError(t, c.Setup(context.Background()))
			assert.Equal(t, netcore.StateConfigured, c.State())
			require.NoError(t, c.Teardown(context.Background()))
			w.assertClean(t)
		})
	}
}

func TestSetupTwiceIsFailedPrecondition(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	c := newTestController(t, w, lcowLike, true)
	require.NoError(t, c.Setup(context.Background()))
	w.takeCalls()

	err := c.Setup(context.Background())
	require.Error(t, err)
	assert.True(t, errdefs.IsFailedPrecondition(err), "got %v", err)
	assert.Contains(t, err.Error(), "cannot set up network "+testNS+" in state Configured")
	assert.Empty(t, w.takeCalls(), "a rejected Setup must make no call")
	assert.Equal(t, netcore.StateConfigured, c.State())
}

// TestPreAddedNICIsForgottenOnTeardown is the leak hcsshim's WCOW path has:
// the guest accepted the pre-add, the VM hot-add failed. The guest must
// still be told to forget the NIC, and the VM must not be asked to remove
// what it never had.
func TestPreAddedNICIsForgottenOnTeardown(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	c := newTestController(t, w, wcowLike, true)
	w.failOnce("vm.AddNIC", errors.New("hot-add failed"))
	require.Error(t, c.Setup(context.Background()))
	w.takeCalls()

	require.NoError(t, c.Teardown(context.Background()))
	assert.Equal(t, []string{"guest.RemoveNIC " + nicID(1), "guest.RemoveNamespace " + testNS}, w.takeCalls())
	w.assertClean(t)
}

func TestSetupHostReadErrors(t *testing.T) {
	t.Run("namespace not found", func(t *testing.T) {
		w := newWorld(t)
		c := newTestController(t, w, lcowLike, true)
		err := c.Setup(context.Background())
		require.Error(t, err)
		assert.True(t, errdefs.IsNotFound(err), "got %v", err)
		assert.Contains(t, err.Error(), testNS)
		assert.Equal(t, netcore.StateInvalid, c.State())
		require.NoError(t, c.Teardown(context.Background()))
		assert.Equal(t, netcore.StateTornDown, c.State())
	})
	t.Run("endpoint not found", func(t *testing.T) {
		w := newWorld(t)
		w.addNamespace(testNS, "eth0")
		w.sim.ListEndpointIDs(testNS, epID(99))
		c := newTestController(t, w, wcowLike, true)
		err := c.Setup(context.Background())
		assert.True(t, errdefs.IsNotFound(err), "got %v", err)
		assert.Contains(t, err.Error(), epID(99))
		for _, call := range w.takeCalls() {
			assert.True(t, strings.HasPrefix(call, "host."), "no change may precede a failed read: %s", call)
		}
	})
}

func TestNewRejectsBadInput(t *testing.T) {
	w := newWorld(t)
	m := w.managers(lcowLike, true)
	var nilVM *nilVM
	tests := []struct {
		name string
		cfg  netcore.Config
		want string
	}{
		{"empty namespace", m.config("", netcore.Tuning{}), `field NamespaceID: invalid value ""`},
		{"namespace not a GUID", m.config("pod-1", netcore.Tuning{}), `field NamespaceID: invalid value "pod-1"`},
		{"no VM", testManagers{Host: m.Host, Guest: m.Guest}.config(testNS, netcore.Tuning{}), `field VM: invalid value "<nil>"`},
		{"typed-nil VM", testManagers{VM: nilVM, Host: m.Host, Guest: m.Guest}.config(testNS, netcore.Tuning{}), `field VM: invalid value "nil *netcoretest.nilVM"`},
		{"no host", testManagers{VM: m.VM, Guest: m.Guest}.config(testNS, netcore.Tuning{}), `field Host: invalid value "<nil>"`},
		{"no guest", testManagers{VM: m.VM, Host: m.Host}.config(testNS, netcore.Tuning{}), `field Guest: invalid value "<nil>"`},
		{"negative concurrency", m.config(testNS, netcore.Tuning{Concurrency: -1}), `field Concurrency: invalid value "-1"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := netcore.New(tc.cfg)
			assert.Nil(t, c)
			require.Error(t, err)
			assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	assert.Empty(t, w.takeCalls())
}

// nilVM is a VM manager type a shim might hand over as a nil pointer.
type nilVM struct{}

func (*nilVM) AddNIC(context.Context, string, *netcore.NetworkAdapter) error    { return nil }
func (*nilVM) RemoveNIC(context.Context, string, *netcore.NetworkAdapter) error { return nil }

// TestCapabilityReadOnce checks the guest's answer is taken at New: a
// guest that changes its mind later does not change the steps.
func TestCapabilityReadOnce(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	flip := &flippingCaps{answer: true}
	m := w.managers(lcowLike, true)
	m.Capabilities = flip
	c, err := netcore.New(m.config(testNS, netcore.Tuning{NewNICID: nicIDs()}))
	require.NoError(t, err)
	flip.answer = false
	require.NoError(t, c.Setup(context.Background()))
	assert.Equal(t, 1, flip.asked)
	assert.Contains(t, w.takeCalls(), "guest.ConfigureNIC "+nicID(1)+" "+epID(1))
}

type flippingCaps struct {
	answer bool
	asked  int
}

func (f *flippingCaps) IsNamespaceAddRequestSupported() bool { f.asked++; return f.answer }

func TestNilCapabilitiesMeansUnsupported(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	m := w.managers(wcowLike, true)
	m.Capabilities = nil
	c, err := netcore.New(m.config(testNS, netcore.Tuning{NewNICID: nicIDs()}))
	require.NoError(t, err)
	require.NoError(t, c.Setup(context.Background()))
	for _, call := range w.takeCalls() {
		assert.False(t, strings.HasPrefix(call, "guest.AddNamespace"), "no namespace add without the capability: %s", call)
	}
}

// NIC IDs are drawn and checked with the rest of the validation: a bad
// one fails Setup before the guest gets the namespace, so nothing at all
// reaches the VM or the guest.
func TestBadNICIDFailsSetupBeforeTheGuestNamespace(t *testing.T) {
	for _, conc := range []int{1, 8} {
		w := newWorld(t)
		w.concurrency = conc
		w.addNamespace(testNS, "eth0", "net1")
		c, err := netcore.New(w.managers(wcowLike, true).config(testNS, netcore.Tuning{
			NewNICID:    func() (string, error) { return "not-a-guid", nil },
			Concurrency: conc,
		}))
		require.NoError(t, err)
		err = c.Setup(context.Background())
		assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
		onlyReads(t, w.takeCalls())
		assert.Empty(t, w.guestNS())
		require.NoError(t, c.Teardown(context.Background()))
		w.assertClean(t)
	}
}
