package simworld

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

var (
	errVMGone    = errors.New("vm unavailable")
	errGuestGone = errors.New("guest unavailable")
)

const (
	ns   = "11111111-1111-4111-8111-111111111111"
	ep1  = "eeeeeeee-0000-4000-8000-000000000001"
	ep2  = "eeeeeeee-0000-4000-8000-000000000002"
	nic1 = "aaaaaaaa-0000-4000-8000-000000000001"
	nic2 = "aaaaaaaa-0000-4000-8000-000000000002"
	mac1 = "00-15-5D-00-00-01"
	mac2 = "00-15-5D-00-00-02"
)

// verdicts is an interceptor that answers each call site with a fixed
// verdict.
type verdicts map[string]Verdict

func (v verdicts) Enter(_ context.Context, c Call) Verdict { return v[c.Site] }
func (verdicts) Leave(Call)                                {}

// newPod returns a world holding one namespace with two endpoints.
func newPod(t *testing.T, opts Options) *World {
	t.Helper()
	opts.VMUnavailable, opts.GuestUnavailable = errVMGone, errGuestGone
	w := New(opts)
	w.PutNamespace(&hcnmodel.Namespace{Id: ns, Type: hcnmodel.NamespaceTypeGuest})
	w.PutEndpoints(ns,
		&hcnmodel.Endpoint{Id: ep2, MacAddress: mac2, HostComputeNamespace: ns},
		&hcnmodel.Endpoint{Id: ep1, MacAddress: mac1, HostComputeNamespace: ns})
	return w
}

func TestHCNListsInOrderAndHandsOutCopies(t *testing.T) {
	ctx := context.Background()
	w := newPod(t, Options{})
	ids, err := w.GetNamespaceEndpointIDs(ctx, ns)
	require.NoError(t, err)
	assert.Equal(t, []string{ep2, ep1}, ids, "HCN's order, not sorted")

	ep, err := w.GetEndpointByID(ctx, ep1)
	require.NoError(t, err)
	ep.MacAddress = "changed"
	assert.Equal(t, mac1, w.EndpointDocument(ep1).MacAddress)

	_, err = w.GetNamespaceEndpointIDs(ctx, "unknown")
	assert.True(t, errdefs.IsNotFound(err), "got %v", err)

	w.VanishWhenRead(ep2)
	_, err = w.GetEndpointByID(ctx, ep2)
	assert.True(t, errdefs.IsNotFound(err), "got %v", err)
	ids, _ = w.GetNamespaceEndpointIDs(ctx, ns)
	assert.Equal(t, []string{ep1}, ids)
}

func TestVMMatchesNICIDsWhateverTheirCase(t *testing.T) {
	ctx := context.Background()
	w := newPod(t, Options{})
	require.NoError(t, w.AddNIC(ctx, strings.ToUpper(nic1), Adapter{EndpointID: ep1, MAC: mac1}))
	require.NoError(t, w.Guest().ConfigureNIC(ctx, nic1, mac1))
	require.NoError(t, w.Guest().RemoveNIC(ctx, strings.ToUpper(nic1)))
	require.NoError(t, w.RemoveNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1}))
	assert.Empty(t, w.Attached())
	assert.Empty(t, w.Violations())
}

func TestVMRefusesWhatAVMCannotDo(t *testing.T) {
	ctx := context.Background()
	a1 := Adapter{EndpointID: ep1, MAC: mac1}
	for name, tc := range map[string]struct {
		run       func(w *World) error
		refused   func(error) bool
		violation string
	}{
		"NIC added twice": {
			run: func(w *World) error {
				_ = w.AddNIC(ctx, nic1, a1)
				return w.AddNIC(ctx, nic1, a1)
			},
			refused: errdefs.IsAlreadyExists, violation: "already attached",
		},
		"two NICs with one MAC": {
			run: func(w *World) error {
				_ = w.AddNIC(ctx, nic1, a1)
				return w.AddNIC(ctx, nic2, Adapter{EndpointID: ep2, MAC: strings.ToLower(mac1)})
			},
			refused: errdefs.IsAlreadyExists, violation: "no two NICs with one MAC",
		},
		"never added": {
			run:     func(w *World) error { return w.RemoveNIC(ctx, nic1, a1) },
			refused: errdefs.IsNotFound, violation: "without having been added",
		},
		"removed twice": {
			run: func(w *World) error {
				_ = w.AddNIC(ctx, nic1, a1)
				_ = w.RemoveNIC(ctx, nic1, a1)
				return w.RemoveNIC(ctx, nic1, a1)
			},
			refused: errdefs.IsNotFound, violation: "removed twice",
		},
		"configured before its hot-add": {
			run:     func(w *World) error { return w.Guest().ConfigureNIC(ctx, nic1, mac1) },
			refused: errdefs.IsNotFound, violation: "the VM has no such NIC",
		},
		"malformed guest request": {
			run:       func(w *World) error { return w.Guest().PrepareNIC(ctx, nic1, nil) },
			refused:   func(err error) bool { return errors.Is(err, ErrRejected) && errdefs.IsInvalidArgument(err) },
			violation: "malformed guest request",
		},
	} {
		t.Run(name, func(t *testing.T) {
			w := newPod(t, Options{})
			err := tc.run(w)
			assert.True(t, tc.refused(err), "got %v", err)
			require.NotEmpty(t, w.Violations())
			assert.Contains(t, strings.Join(w.Violations(), "\n"), tc.violation)
		})
	}
}

// The guest lets go first: a hot-remove of a NIC the guest holds, or a
// namespace removed before its NICs, goes through but is a violation.
func TestGuestLetsGoFirst(t *testing.T) {
	ctx := context.Background()
	w := newPod(t, Options{})
	g := w.Guest()
	nsDoc := &hcnmodel.Namespace{Id: ns}
	require.NoError(t, g.AddNamespace(ctx, nsDoc))
	require.NoError(t, g.PrepareNIC(ctx, nic1, w.EndpointDocument(ep1)))
	require.NoError(t, w.AddNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1}))
	require.NoError(t, g.ConfigureNIC(ctx, nic1, ""))
	assert.Equal(t, GuestNIC{MAC: mac1, Configured: true}, w.GuestNICs()[nic1])
	assert.Empty(t, w.Mismatch(nil))

	require.NoError(t, g.RemoveNamespace(ctx, nsDoc))
	require.NoError(t, w.RemoveNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1}))
	v := strings.Join(w.Violations(), "\n")
	assert.Contains(t, v, "the namespace goes last")
	assert.Contains(t, v, "the guest must let go first")
	assert.Contains(t, w.Mismatch(nil), "in the guest but not on the VM")
}

func TestCallsAreRecordedAsLines(t *testing.T) {
	ctx := context.Background()
	w := newPod(t, Options{})
	_ = w.AddNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1})
	_ = w.Guest().ConfigureNIC(ctx, nic1, mac1)
	_ = w.RemoveNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1})
	var lines []string
	for _, c := range w.TakeCalls() {
		lines = append(lines, c.Line())
	}
	assert.Equal(t, []string{
		"vm.AddNIC " + nic1 + " " + ep1 + " " + mac1,
		"guest.ConfigureNIC " + nic1 + " " + ep1,
		"vm.RemoveNIC " + nic1 + " " + ep1,
	}, lines)
	assert.Empty(t, w.TakeCalls())
}

// An interceptor's verdict fails a recorded call, or stops the VM or the
// guest, after which their calls fail with the users' sentinels.
func TestInterceptorVerdicts(t *testing.T) {
	ctx := context.Background()
	injected := errors.New("injected")
	w := newPod(t, Options{Intercept: verdicts{
		"host.GetNamespaceByID": {Err: injected},
		"vm.AddNIC":             {Stop: StopVM},
	}})
	_, err := w.GetNamespaceByID(ctx, ns)
	assert.ErrorIs(t, err, injected)
	assert.Len(t, w.Calls(), 1, "a failed call is still recorded")

	require.NoError(t, w.Guest().AddNamespace(ctx, &hcnmodel.Namespace{Id: ns}))
	err = w.AddNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1})
	assert.ErrorIs(t, err, errVMGone)
	err = w.Guest().RemoveNamespace(ctx, &hcnmodel.Namespace{Id: ns})
	assert.ErrorIs(t, err, errGuestGone, "the guest goes with its VM")
	vm, guest := w.Gone()
	assert.True(t, vm)
	assert.True(t, guest)
	assert.Empty(t, w.Attached(), "a stopped VM holds nothing")

	w.SetOptions(Options{VMUnavailable: errVMGone, GuestUnavailable: errGuestGone, SharedVM: true})
	err = w.Guest().RemoveNamespace(ctx, &hcnmodel.Namespace{Id: ns})
	assert.ErrorIs(t, err, errVMGone, "one VM behind both transports")
}

// A call on a cancelled context is refused and not made. Only a VM call
// is a violation: HCS may still apply it, while hcsshim's bridge refuses
// a guest call before sending it and an HCN read changes nothing.
func TestCallOnACancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, lateOK := range []bool{false, true} {
		w := newPod(t, Options{LateCancelOK: lateOK})
		_, err := w.GetEndpointByID(ctx, ep1)
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, w.Guest().RemoveNIC(ctx, nic1), context.Canceled)
		assert.Empty(t, w.Violations(), "HCN reads and guest calls")
		assert.ErrorIs(t, w.AddNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1}), context.Canceled)
		assert.Empty(t, w.Calls(), "a refused call is not made")
		assert.Equal(t, !lateOK, len(w.Violations()) == 1, "lateCancelOK=%v: %v", lateOK, w.Violations())
	}
}

// More calls in flight than MaxInFlight is a violation; as many is not.
func TestMaxInFlight(t *testing.T) {
	w := newPod(t, Options{MaxInFlight: 2})
	first := w.begin("host.GetEndpointByID")
	second := w.begin("host.GetEndpointByID")
	assert.Empty(t, w.Violations())
	third := w.begin("vm.AddNIC")
	assert.Equal(t, []string{"vm.AddNIC: 3 calls in flight at once; the controller was given Concurrency 2"}, w.Violations())
	third()
	second()
	first()
	w.begin("vm.AddNIC")()
	assert.Len(t, w.Violations(), 1, "finished calls are no longer in flight")
	assert.Equal(t, 3, w.TakePeakInFlight())
	assert.Equal(t, 0, w.TakePeakInFlight(), "taken")
}
