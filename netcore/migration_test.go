package netcore

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
	"github.com/uvmnet/uvmnet/netcore/nettest/simworld"
)

func configured(t *testing.T, kind platformKind, supported bool, names ...string) (*world, *Controller) {
	t.Helper()
	w := newWorld(t)
	w.addNamespace(testNS, names...)
	c := newTestController(t, w, kind, supported)
	require.NoError(t, c.Setup(context.Background()))
	w.takeCalls()
	return w, c
}

func TestSaveSnapshotContents(t *testing.T) {
	_, c := configured(t, lcowLike, true, "net1", "pod-eth0")
	c.pod.PolicyBasedRouting = true
	snap, err := c.Save(context.Background())
	require.NoError(t, err)
	assert.Equal(t, StateSourceMigrating, c.State())
	assert.Equal(t, SnapshotTypeURL, snap.GetTypeUrl())

	var p savepb.Payload
	require.NoError(t, proto.Unmarshal(snap.GetValue(), &p))
	assert.Equal(t, uint32(1), p.GetSchemaVersion())
	assert.Equal(t, testNS, p.GetNamespaceId())
	assert.True(t, p.GetPolicyBasedRouting())
	assert.True(t, p.GetIsNamespaceSupportedByGuest())
	require.Len(t, p.GetVmEndpoints(), 2)
	b := p.GetVmEndpoints()[nicID(1)]
	require.NotNil(t, b)
	assert.Equal(t, epID(2), b.GetEndpointId())
	assert.Equal(t, "00-15-5D-00-00-02", b.GetMacAddress())
	assert.Equal(t, "pod-eth0", b.GetEndpointName())

	again, err := c.Save(context.Background())
	require.NoError(t, err, "Save is retry-safe while frozen")
	assert.True(t, proto.Equal(snap, again), "saving twice gives the same bytes")
}

func TestSaveOnlyWhenConfigured(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	c := newTestController(t, w, lcowLike, true)
	_, err := c.Save(context.Background())
	assert.True(t, errdefs.IsFailedPrecondition(err), "got %v", err)
	assert.Equal(t, StateNotConfigured, c.State())
}

// TestSourceRollbackAndHandOver covers the source side: Resume lifts the
// freeze and the network works as before; Teardown while frozen removes
// nothing, since the NICs now belong to the destination.
func TestSourceRollbackAndHandOver(t *testing.T) {
	t.Run("resume rolls back", func(t *testing.T) {
		w, c := configured(t, wcowLike, true, "eth0")
		_, err := c.Save(context.Background())
		require.NoError(t, err)
		require.NoError(t, resume(context.Background(), c, testManagers{}))
		assert.Equal(t, StateConfigured, c.State())
		require.NoError(t, resume(context.Background(), c, testManagers{}), "Resume when Configured is a no-op")
		require.NoError(t, c.Teardown(context.Background()))
		w.assertClean(t)
	})
	t.Run("teardown hands over", func(t *testing.T) {
		w, c := configured(t, wcowLike, true, "eth0")
		_, err := c.Save(context.Background())
		require.NoError(t, err)
		require.NoError(t, c.Teardown(context.Background()))
		assert.Equal(t, StateTornDown, c.State())
		assert.Empty(t, w.takeCalls(), "nothing removed while migrating")
	})
}

func TestImportResumeTeardown(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		t.Run(kind.String(), func(t *testing.T) {
			_, src := configured(t, kind, true, "net1", "pod-eth0")
			snap, err := src.Save(context.Background())
			require.NoError(t, err)

			dst, err := Import(context.Background(), snap, Tuning{})
			require.NoError(t, err)
			assert.Equal(t, StateDestinationMigrating, dst.State())
			assert.Equal(t, testNS, dst.NamespaceID())

			// Operations need Resume first.
			assert.True(t, errdefs.IsFailedPrecondition(dst.Setup(context.Background())))
			_, err = dst.Save(context.Background())
			assert.True(t, errdefs.IsFailedPrecondition(err))

			// The destination VM has the NICs the source attached.
			w := newWorld(t)
			w.sim.PutNamespaceDocument(testNS, src.namespace)
			for _, n := range src.nics {
				w.sim.SeedVMNIC(n.info.ID, simworld.Adapter{EndpointID: n.info.Endpoint.Id, MAC: n.info.Endpoint.MacAddress})
				w.seedGuestNIC(n.info.ID)
			}
			if kind == wcowLike {
				w.sim.SeedGuestNamespace(testNS)
			}
			err = dst.Resume(context.Background(), worldVM{w}, nil, nil)
			assert.True(t, errdefs.IsInvalidArgument(err), "partial managers on the destination: %v", err)
			assert.Equal(t, StateDestinationMigrating, dst.State())

			require.NoError(t, resume(context.Background(), dst, w.managers(kind, false)))
			assert.Equal(t, StateConfigured, dst.State())

			again, err := dst.Save(context.Background())
			require.NoError(t, err)
			assert.True(t, proto.Equal(snap, again), "Save after Import round-trips exactly")
			require.NoError(t, resume(context.Background(), dst, testManagers{}))

			// Imported NICs leave the guest; their host side is the
			// source's and is never hot-removed here.
			vmBefore := w.vmNICs()
			w.takeCalls()
			require.NoError(t, dst.Teardown(context.Background()))
			assert.Equal(t, StateTornDown, dst.State())
			for _, call := range w.takeCalls() {
				assert.False(t, strings.HasPrefix(call, "vm.RemoveNIC"), "imported NIC hot-removed: %s", call)
			}
			assert.Equal(t, vmBefore, w.vmNICs())
			assert.Empty(t, w.guestNICs())
			assert.False(t, w.guestNS()[testNS], "namespace left in the guest")
			w.assertNoViolations(t)
		})
	}
}

func TestImportTeardownDropsBindings(t *testing.T) {
	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(context.Background())
	require.NoError(t, err)
	dst, err := Import(context.Background(), snap, Tuning{})
	require.NoError(t, err)
	require.NoError(t, dst.Teardown(context.Background()))
	assert.Equal(t, StateTornDown, dst.State())
	assert.Empty(t, dst.nics)
}

func TestImportAcceptsTheEarlierTypeURL(t *testing.T) {
	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(context.Background())
	require.NoError(t, err)
	snap.TypeUrl = "type.googleapis.com/uvmnet.netcore.save.v1.Payload"
	dst, err := Import(context.Background(), snap, Tuning{})
	require.NoError(t, err)
	assert.Equal(t, StateDestinationMigrating, dst.State())
}

// TestSaveWritesWhatHCSShimReads checks a snapshot the way a destination
// running hcsshim's controller reads it: the exact type URL its Import
// accepts, and the payload decoded by field number and wire type
// (schema_version 1, namespace_id 2, policy_based_routing 3,
// is_namespace_supported_by_guest 4, vm_endpoints 5 as a map of NIC ID to
// {endpoint_id 1, mac_address 2, endpoint_name 3}), without this
// package's generated types.
func TestSaveWritesWhatHCSShimReads(t *testing.T) {
	_, c := configured(t, wcowLike, true, "net1", "pod-eth0")
	c.pod.PolicyBasedRouting = true
	snap, err := c.Save(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "type.microsoft.com/hcsshim.controller.network.save.v1.Payload", snap.GetTypeUrl())

	top := decodeFields(t, snap.GetValue())
	assert.Equal(t, []uint64{1}, top.varints[1], "schema_version")
	assert.Equal(t, []string{testNS}, top.strings(2), "namespace_id")
	assert.Equal(t, []uint64{1}, top.varints[3], "policy_based_routing")
	assert.Equal(t, []uint64{1}, top.varints[4], "is_namespace_supported_by_guest")
	bindings := map[string][3]string{}
	for _, entry := range top.bytes[5] {
		kv := decodeFields(t, entry)
		require.Len(t, kv.bytes[1], 1, "map entry key")
		require.Len(t, kv.bytes[2], 1, "map entry value")
		b := decodeFields(t, kv.bytes[2][0])
		bindings[string(kv.bytes[1][0])] = [3]string{b.string(1), b.string(2), b.string(3)}
	}
	assert.Equal(t, map[string][3]string{
		nicID(1): {epID(2), "00-15-5D-00-00-02", "pod-eth0"},
		nicID(2): {epID(1), "00-15-5D-00-00-01", "net1"},
	}, bindings)
}

// wireFields is a protobuf message decoded by field number alone.
type wireFields struct {
	varints map[protowire.Number][]uint64
	bytes   map[protowire.Number][][]byte
}

func (f wireFields) strings(n protowire.Number) []string {
	var out []string
	for _, b := range f.bytes[n] {
		out = append(out, string(b))
	}
	return out
}

func (f wireFields) string(n protowire.Number) string {
	if len(f.bytes[n]) != 1 {
		return fmt.Sprintf("<%d values>", len(f.bytes[n]))
	}
	return string(f.bytes[n][0])
}

func decodeFields(t *testing.T, b []byte) wireFields {
	t.Helper()
	f := wireFields{varints: map[protowire.Number][]uint64{}, bytes: map[protowire.Number][][]byte{}}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		require.GreaterOrEqual(t, n, 0, "bad tag")
		b = b[n:]
		switch typ {
		case protowire.VarintType:
			v, n := protowire.ConsumeVarint(b)
			require.GreaterOrEqual(t, n, 0, "bad varint")
			f.varints[num] = append(f.varints[num], v)
			b = b[n:]
		case protowire.BytesType:
			v, n := protowire.ConsumeBytes(b)
			require.GreaterOrEqual(t, n, 0, "bad length-delimited field")
			f.bytes[num] = append(f.bytes[num], v)
			b = b[n:]
		default:
			require.FailNowf(t, "unexpected wire type", "field %d has wire type %d, which the schema never uses", num, typ)
		}
	}
	return f
}

func TestPatchAndResetAfterMigration(t *testing.T) {
	for _, kind := range []platformKind{lcowLike, wcowLike} {
		t.Run(kind.String(), func(t *testing.T) {
			_, src := configured(t, kind, true, "eth0")
			snap, err := src.Save(context.Background())
			require.NoError(t, err)
			dst, err := Import(context.Background(), snap, Tuning{})
			require.NoError(t, err)

			w := newWorld(t)
			for _, n := range src.nics {
				w.seedGuestNIC(n.info.ID)
			}
			if kind == wcowLike {
				w.sim.SeedGuestNamespace(testNS)
			}
			w.addNamespace(testNS2, "dst-net1", "dst-eth0")

			err = dst.Patch(context.Background(), "not-a-guid")
			assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
			require.NoError(t, dst.Patch(context.Background(), testNS2))
			assert.Equal(t, StateDestinationMigrating, dst.State())
			require.NoError(t, resume(context.Background(), dst, w.managers(kind, false)))
			err = dst.Patch(context.Background(), testNS2)
			assert.True(t, errdefs.IsFailedPrecondition(err), "Patch only while DestinationMigrating: %v", err)

			dst.newNICID = func() func() (string, error) {
				gen := nicIDs()
				return func() (string, error) { gen(); gen(); return gen() }
			}()
			require.NoError(t, dst.ResetAfterMigration(context.Background()))
			assert.Equal(t, StateConfigured, dst.State())
			calls := w.takeCalls()
			assert.Equal(t, "guest.RemoveNIC "+nicID(1), calls[0], "source NIC leaves the guest first")
			assert.NotContains(t, calls, "vm.RemoveNIC "+nicID(1)+" "+epID(1), "the source NIC's host side is not removed")
			assert.Contains(t, calls, "vm.AddNIC "+nicID(3)+" "+epID(2)+" 00-15-5D-00-00-02", "destination eth0 attached first, under a fresh ID")
			assert.Len(t, dst.nics, 2)

			require.NoError(t, dst.ResetAfterMigration(context.Background()), "a second reset does nothing")
			assert.Empty(t, w.takeCalls())

			require.NoError(t, dst.Teardown(context.Background()))
			w.assertClean(t)
		})
	}
}

func TestImportRejectsBadSnapshots(t *testing.T) {
	good := &savepb.Payload{
		SchemaVersion: 1,
		NamespaceId:   testNS,
		VmEndpoints: map[string]*savepb.EndpointBinding{
			nicID(1): {EndpointId: epID(1), MacAddress: "00-15-5D-00-00-01", EndpointName: "eth0"},
		},
	}
	wrap := func(p *savepb.Payload) *anypb.Any {
		b, err := proto.Marshal(p)
		require.NoError(t, err)
		return &anypb.Any{TypeUrl: SnapshotTypeURL, Value: b}
	}
	mutate := func(f func(p *savepb.Payload)) *anypb.Any {
		p := proto.Clone(good).(*savepb.Payload)
		f(p)
		return wrap(p)
	}
	tooMany := map[string]*savepb.EndpointBinding{}
	for i := range MaxNICs + 1 {
		tooMany[nicID(i+1)] = &savepb.EndpointBinding{EndpointId: epID(i + 1), MacAddress: "00-15-5D-00-00-01"}
	}
	tests := []struct {
		name string
		snap *anypb.Any
		want string
	}{
		{"nil", nil, "snapshot is nil"},
		{"wrong type", &anypb.Any{TypeUrl: "type.googleapis.com/other.Message"}, `field TypeUrl: invalid value "type.googleapis.com/other.Message"`},
		{"garbage", &anypb.Any{TypeUrl: SnapshotTypeURL, Value: []byte{0xff, 0xff}}, "payload does not decode"},
		{"version", mutate(func(p *savepb.Payload) { p.SchemaVersion = 2 }), `field SchemaVersion: invalid value "2"`},
		{"namespace", mutate(func(p *savepb.Payload) { p.NamespaceId = "" }), `field NamespaceId: invalid value ""`},
		{"nic id", mutate(func(p *savepb.Payload) {
			p.VmEndpoints["nic0"] = &savepb.EndpointBinding{EndpointId: epID(2), MacAddress: "00-15-5D-00-00-02"}
		}), `field VmEndpoints key: invalid value "nic0"`},
		{"empty nic id", mutate(func(p *savepb.Payload) {
			p.VmEndpoints[""] = &savepb.EndpointBinding{EndpointId: epID(2), MacAddress: "00-15-5D-00-00-02"}
		}), `field VmEndpoints key: invalid value ""`},
		{"endpoint id", mutate(func(p *savepb.Payload) { p.VmEndpoints[nicID(1)].EndpointId = "x" }), `field EndpointId: invalid value "x"`},
		{"mac", mutate(func(p *savepb.Payload) { p.VmEndpoints[nicID(1)].MacAddress = "zz" }), `field MacAddress: invalid value "zz"`},
		{"duplicate mac", mutate(func(p *savepb.Payload) {
			p.VmEndpoints[nicID(2)] = &savepb.EndpointBinding{EndpointId: epID(2), MacAddress: "00:15:5d:00:00:01"}
		}), "same MAC as NIC"},
		{"too many", mutate(func(p *savepb.Payload) { p.VmEndpoints = tooMany }), "more than 64, Hyper-V"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Import(context.Background(), tc.snap, Tuning{})
			assert.Nil(t, c)
			require.Error(t, err)
			assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	c, err := Import(context.Background(), wrap(good), Tuning{})
	require.NoError(t, err, "the unmutated snapshot imports")
	assert.Len(t, c.nics, 1)
}
