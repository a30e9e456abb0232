package netcore

import (
	"context"
	"fmt"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
)

func TestSaveSnapshotContents(t *testing.T) {
	_, c := configured(t, true, "net1", "pod-eth0")
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

// TestSaveWritesWhatHCSShimReads checks a snapshot the way a destination
// running hcsshim's controller reads it: the exact type URL its Import
// accepts, and the payload decoded by field number and wire type
// (schema_version 1, namespace_id 2, policy_based_routing 3,
// is_namespace_supported_by_guest 4, vm_endpoints 5 as a map of NIC ID to
// {endpoint_id 1, mac_address 2, endpoint_name 3}), without this
// package's generated types.
func TestSaveWritesWhatHCSShimReads(t *testing.T) {
	_, c := configured(t, true, "net1", "pod-eth0")
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
