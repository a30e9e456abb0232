package simworld

import (
	"context"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each test below holds the simulated Linux guest to what hcsshim
// v0.15.0's Linux guest agent does with one kind of request; the source
// location is under internal/guest/runtime/hcsv2/ unless it says
// otherwise.

// hotAdded returns a world whose VM has hot-added nic1 for ep1.
func hotAdded(t *testing.T) *World {
	t.Helper()
	w := newPod(t, Options{})
	require.NoError(t, w.AddNIC(context.Background(), nic1, Adapter{EndpointID: ep1, MAC: mac1}))
	return w
}

// uvm.go, modifyNetwork (Add): GetOrAddNetworkNamespace files the adapter
// under the namespace ID lower-cased, whatever namespace that is; the
// agent never reads the MAC (internal/guest/network/network.go,
// InstanceIDToName finds the device by the adapter ID), so the NIC is
// the VM's whatever MAC the document names, or none.
func TestLinuxAddFilesTheNICUnderItsLowerCasedNamespace(t *testing.T) {
	w := hotAdded(t)
	require.NoError(t, w.Guest().AddAdapter(context.Background(), strings.ToUpper(ns), strings.ToUpper(nic1), ""))
	assert.Equal(t, map[string]GuestNIC{nic1: {MAC: mac1, Configured: true, Namespace: ns}}, w.GuestNICs())
	assert.Empty(t, w.Violations())
	assert.Empty(t, w.Mismatch(nil))
}

// network.go, AddAdapter: an adapter ID the namespace already holds,
// compared whatever its case, fails ("already present in namespace"), with
// a plain error: the bridge carries no errdefs class.
func TestLinuxAddOfAnIDAlreadyPresentFails(t *testing.T) {
	w := hotAdded(t)
	g := w.Guest()
	ctx := context.Background()
	require.NoError(t, g.AddAdapter(ctx, ns, nic1, mac1))
	err := g.AddAdapter(ctx, strings.ToUpper(ns), strings.ToUpper(nic1), mac1)
	require.ErrorIs(t, err, ErrRefused)
	assert.Contains(t, err.Error(), "already present in namespace")
	assert.False(t, errdefs.IsAlreadyExists(err) || errdefs.IsInvalidArgument(err), "no class: %v", err)
	assert.True(t, w.GuestNICs()[nic1].Configured, "the first add stands")
}

// network.go, AddAdapter: before filing the adapter the agent waits up to
// 5 s for its device (internal/guest/network/network.go,
// InstanceIDToName), so an add for a NIC the VM has not hot-added fails;
// an add before the hot-add also breaks the order every platform keeps.
func TestLinuxAddBeforeTheHotAddFails(t *testing.T) {
	w := newPod(t, Options{})
	err := w.Guest().AddAdapter(context.Background(), ns, nic1, mac1)
	require.ErrorIs(t, err, ErrRefused)
	assert.Contains(t, err.Error(), "sysfs path")
	assert.Empty(t, w.GuestNICs())
	assert.Contains(t, strings.Join(w.Violations(), "\n"), "the VM has no such NIC")
}

// uvm.go, modifyNetwork (Remove) and network.go, RemoveAdapter: removing
// an adapter ID the namespace does not hold succeeds and changes nothing;
// a NIC never added is no misuse, one removed already is (a removal that
// succeeded is never repeated), yet both are answered with success.
func TestLinuxRemoveOfAnUnknownNICSucceeds(t *testing.T) {
	w := hotAdded(t)
	g := w.Guest()
	ctx := context.Background()
	require.NoError(t, g.RemoveAdapter(ctx, ns, nic2))
	assert.Empty(t, w.Violations(), "a NIC the guest never held")

	require.NoError(t, g.AddAdapter(ctx, ns, nic1, mac1))
	require.NoError(t, g.RemoveAdapter(ctx, strings.ToUpper(ns), strings.ToUpper(nic1)), "IDs whatever their case")
	assert.Empty(t, w.GuestNICs())
	assert.Empty(t, w.Violations())
	require.NoError(t, g.RemoveAdapter(ctx, ns, nic1))
	assert.Empty(t, w.Violations(), "a removal repeated: the agent answers success and holds nothing of it")
}

// uvm.go, modifyNetwork (Remove): a namespace the agent does not know
// (getNetworkNamespace fails with not found) is logged and the
// removal answers success, so a NIC filed under another namespace stays
// in the guest, which the world records.
func TestLinuxRemoveFromAnUnknownNamespaceSucceeds(t *testing.T) {
	w := hotAdded(t)
	g := w.Guest()
	ctx := context.Background()
	require.NoError(t, g.AddAdapter(ctx, ns, nic1, mac1))
	require.NoError(t, g.RemoveAdapter(ctx, "22222222-2222-4222-8222-222222222222", nic1))
	assert.Contains(t, w.GuestNICs(), nic1, "still in the guest")
	assert.Contains(t, strings.Join(w.Violations(), "\n"), "the agent answers success and keeps it")
}

// network.go, AddAdapter, looks for a duplicate only in the namespace it
// files the adapter under, and GetOrAddNetworkNamespace takes any ID, ""
// included: neither a second namespace nor none is refused. The world
// records both, since the NIC then never reaches the pod's namespace.
func TestLinuxAddUnderAnotherOrNoNamespaceIsNotRefused(t *testing.T) {
	w := hotAdded(t)
	g := w.Guest()
	ctx := context.Background()
	require.NoError(t, g.AddAdapter(ctx, "", nic1, mac1))
	require.NoError(t, g.AddAdapter(ctx, ns, nic1, mac1))
	assert.Equal(t, "", w.GuestNICs()[nic1].Namespace, "filed where it was first filed")
	v := strings.Join(w.Violations(), "\n")
	assert.Contains(t, v, "the adapter names no namespace")
	assert.Contains(t, v, `filed under namespace "`+ns+`", but the guest holds it in ""`)
}
