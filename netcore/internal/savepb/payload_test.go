package savepb_test

import (
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// fixture returns a payload with every field set to a non-default value, so
// that every field appears on the wire.
func fixture() *savepb.Payload {
	return &savepb.Payload{
		SchemaVersion:               savepb.SchemaVersion,
		NamespaceId:                 "0f4c5a9e-1b2c-4d3e-8f60-7a8b9c0d1e2f",
		PolicyBasedRouting:          true,
		IsNamespaceSupportedByGuest: true,
		VmEndpoints: map[string]*savepb.EndpointBinding{
			"a1b2c3d4-0000-4000-8000-000000000001": {
				EndpointId:   "e0000000-0000-4000-8000-0000000000e1",
				MacAddress:   "00-15-5D-00-00-01",
				EndpointName: "pod-eth0",
			},
			"a1b2c3d4-0000-4000-8000-000000000002": {
				EndpointId:   "e0000000-0000-4000-8000-0000000000e2",
				MacAddress:   "00-15-5D-00-00-02",
				EndpointName: "pod-eth1",
			},
		},
	}
}

type field struct {
	num protowire.Number
	typ protowire.Type
	val []byte // raw bytes for BytesType; the varint re-encoded for VarintType
}

// fields splits b into its top-level fields, failing on anything other than
// varint or length-delimited fields (the only wire types this schema uses).
func fields(t *testing.T, b []byte) []field {
	t.Helper()
	var out []field
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		require.GreaterOrEqual(t, n, 0, "bad tag: %v", protowire.ParseError(n))
		b = b[n:]
		var f field
		f.num, f.typ = num, typ
		switch typ {
		case protowire.VarintType:
			v, m := protowire.ConsumeVarint(b)
			require.GreaterOrEqual(t, m, 0, "field %d: bad varint: %v", num, protowire.ParseError(m))
			f.val = protowire.AppendVarint(nil, v)
			n = m
		case protowire.BytesType:
			v, m := protowire.ConsumeBytes(b)
			require.GreaterOrEqual(t, m, 0, "field %d: bad bytes: %v", num, protowire.ParseError(m))
			f.val = v
			n = m
		default:
			require.FailNowf(t, "unexpected wire type", "field %d: wire type %d", num, typ)
		}
		b = b[n:]
		out = append(out, f)
	}
	return out
}

func varint(t *testing.T, f field) uint64 {
	t.Helper()
	v, n := protowire.ConsumeVarint(f.val)
	require.GreaterOrEqual(t, n, 0, "field %d: bad varint", f.num)
	return v
}

// TestWireLayout pins the schema shared with hcsshim's
// hcsshim.controller.network.save.v1.Payload by decoding the marshalled
// bytes with protowire, without going through the generated code.
func TestWireLayout(t *testing.T) {
	want := fixture()
	b, err := proto.Marshal(want)
	require.NoError(t, err)

	seen := map[protowire.Number]int{}
	endpoints := map[string]*savepb.EndpointBinding{}
	for _, f := range fields(t, b) {
		seen[f.num]++
		switch f.num {
		case 1: // uint32 schema_version
			require.Equal(t, protowire.VarintType, f.typ, "schema_version wire type")
			assert.Equal(t, uint64(want.SchemaVersion), varint(t, f), "schema_version")
		case 2: // string namespace_id
			require.Equal(t, protowire.BytesType, f.typ, "namespace_id wire type")
			assert.Equal(t, want.NamespaceId, string(f.val), "namespace_id")
		case 3, 4: // bool policy_based_routing, bool is_namespace_supported_by_guest
			require.Equal(t, protowire.VarintType, f.typ, "field %d wire type", f.num)
			assert.Equal(t, uint64(1), varint(t, f), "field %d, want 1 (true)", f.num)
		case 5: // map<string, EndpointBinding> vm_endpoints: repeated entry messages
			require.Equal(t, protowire.BytesType, f.typ, "vm_endpoints wire type")
			key, binding := decodeEntry(t, f.val)
			assert.NotContains(t, endpoints, key, "vm_endpoints: duplicate key")
			endpoints[key] = binding
		default:
			assert.Failf(t, "unexpected field", "field number %d (wire type %d)", f.num, f.typ)
		}
	}
	for num := protowire.Number(1); num <= 4; num++ {
		assert.Equal(t, 1, seen[num], "field %d seen", num)
	}
	assert.Equal(t, len(want.VmEndpoints), seen[5], "vm_endpoints entries on the wire")
	for k, w := range want.VmEndpoints {
		g, ok := endpoints[k]
		if !assert.True(t, ok, "vm_endpoints: key %q missing", k) {
			continue
		}
		assert.True(t, proto.Equal(g, w), "vm_endpoints[%q] = %v, want %v", k, g, w)
	}
}

// decodeEntry decodes a map entry (key = 1, value = 2) whose value is an
// EndpointBinding (endpoint_id = 1, mac_address = 2, endpoint_name = 3).
// The binding is built by hand from the wire, not by proto.Unmarshal.
func decodeEntry(t *testing.T, b []byte) (string, *savepb.EndpointBinding) {
	t.Helper()
	var key string
	var binding *savepb.EndpointBinding
	for _, f := range fields(t, b) {
		require.Equal(t, protowire.BytesType, f.typ, "map entry field %d wire type", f.num)
		switch f.num {
		case 1:
			key = string(f.val)
		case 2:
			binding = &savepb.EndpointBinding{}
			for _, g := range fields(t, f.val) {
				require.Equal(t, protowire.BytesType, g.typ, "EndpointBinding field %d wire type", g.num)
				switch g.num {
				case 1:
					binding.EndpointId = string(g.val)
				case 2:
					binding.MacAddress = string(g.val)
				case 3:
					binding.EndpointName = string(g.val)
				default:
					assert.Failf(t, "unexpected field", "EndpointBinding field number %d", g.num)
				}
			}
		default:
			assert.Failf(t, "unexpected field", "map entry field number %d", f.num)
		}
	}
	require.NotNil(t, binding, "map entry %q has no value", key)
	return key, binding
}

// TestGolden compares a deterministic encoding of the fixture with
// testdata/payload.hex. Run with -update to rewrite it; a diff in that file
// is a wire-format change and must be justified.
func TestGolden(t *testing.T) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(fixture())
	require.NoError(t, err)
	got := hex.EncodeToString(b) + "\n"
	path := filepath.Join("testdata", "payload.hex")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	require.Equal(t, string(want), got, "encoding differs from %s", path)

	// The golden bytes must also decode back to the fixture.
	raw, err := hex.DecodeString(strings.TrimSpace(string(want)))
	require.NoError(t, err)
	var p savepb.Payload
	require.NoError(t, proto.Unmarshal(raw, &p))
	require.True(t, proto.Equal(&p, fixture()), "golden decodes to %v, want %v", &p, fixture())
}

func TestDescriptorNames(t *testing.T) {
	d := (&savepb.Payload{}).ProtoReflect().Descriptor()
	assert.Equal(t, "uvmnet.netcore.save.v1.Payload", string(d.FullName()), "Payload full name")
	assert.Equal(t, "uvmnet.netcore.save.v1.EndpointBinding", string((&savepb.EndpointBinding{}).ProtoReflect().Descriptor().FullName()),
		"EndpointBinding full name")
	assert.Equal(t, "github.com/uvmnet/uvmnet/netcore/internal/savepb/payload.proto", d.ParentFile().Path(), "registered file path")
}

func TestTypeURL(t *testing.T) {
	a, err := anypb.New(fixture())
	require.NoError(t, err)
	assert.Equal(t, savepb.LegacyTypeURL, a.GetTypeUrl(), "anypb.New type URL")
	assert.Equal(t, "type.microsoft.com/hcsshim.controller.network.save.v1.Payload", savepb.TypeURL, "the URL hcsshim's Import accepts")
}

// TestEmptyPayload checks proto3 semantics: a zero payload has no fields on
// the wire, so absent fields in an hcsshim payload decode as zero values.
func TestEmptyPayload(t *testing.T) {
	b, err := proto.Marshal(&savepb.Payload{})
	require.NoError(t, err)
	require.Empty(t, b, "empty payload must marshal to no bytes")
}
