package netcoretest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// namesN returns n endpoint names.
func namesN(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("net%d", i)
	}
	return names
}

// noVMOrGuestCall fails unless every call was a read of HCN.
func noVMOrGuestCall(t *testing.T, calls []string) {
	t.Helper()
	for _, c := range calls {
		assert.False(t, strings.HasPrefix(c, "vm.") || strings.HasPrefix(c, "guest."), "call %q", c)
	}
}

// A namespace listing more endpoints than a Utility VM takes NICs is
// refused by Setup before any VM or guest call, naming the limit and where
// it comes from: a pod Setup configures is one Save can write.
func TestSetupRefusesMoreEndpointsThanMaxNICs(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		w := newWorld(t)
		w.addNamespace(testNS, namesN(netcore.MaxNICs+1)...)
		c := newTestController(t, w, kind, true)

		err := c.Setup(context.Background())
		require.Error(t, err)
		assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
		assert.Contains(t, err.Error(), fmt.Sprintf(`field endpoints: invalid value "%d endpoints": more than %d, Hyper-V's limit of synthetic network adapters per VM`, netcore.MaxNICs+1, netcore.MaxNICs))
		noVMOrGuestCall(t, w.takeCalls())
		assert.Empty(t, w.vmNICs())
		assert.Empty(t, w.guestNS())
	}
}

// A network at the limit takes no further endpoint, by AddEndpoint or by
// Reconcile, and stays as it was and saveable.
func TestHotPlugRefusesPastMaxNICs(t *testing.T) {
	w, c := configuredN(t, netcore.MaxNICs)
	extra := w.addNamespace(testNS, "one-too-many")

	_, err := c.AddEndpoint(context.Background(), extra[0].Id)
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.Contains(t, err.Error(), fmt.Sprintf(`"%d endpoints": more than %d`, netcore.MaxNICs+1, netcore.MaxNICs))

	_, err = c.Reconcile(context.Background())
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.Contains(t, err.Error(), fmt.Sprintf(`"%d endpoints": more than %d`, netcore.MaxNICs+1, netcore.MaxNICs))

	noVMOrGuestCall(t, w.takeCalls())
	assert.Equal(t, netcore.StateConfigured, c.State())
	assert.Len(t, w.vmNICs(), netcore.MaxNICs)
	_, err = c.Save(context.Background())
	assert.NoError(t, err)
}

// Save and Import share the bound.
func TestSnapshotBoundIsMaxNICs(t *testing.T) {
	assert.Equal(t, netcore.MaxNICs, netcore.MaxSnapshotNICs)
}

// A refusal quotes a bounded prefix of a bad value, however large.
func TestRefusalQuotesABoundedPrefix(t *testing.T) {
	url := "type.example.com/" + strings.Repeat("x", 3<<20)
	_, err := netcore.Import(context.Background(), &anypb.Any{TypeUrl: url}, netcore.Tuning{})
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 1024, "the message quotes the whole value")
	assert.Contains(t, err.Error(), fmt.Sprintf(`... (%d bytes)`, len(url)))
	assert.Contains(t, err.Error(), `"type.example.com/xxx`)
}
