package savepb_test

import (
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		if n < 0 {
			t.Fatalf("bad tag: %v", protowire.ParseError(n))
		}
		b = b[n:]
		var f field
		f.num, f.typ = num, typ
		switch typ {
		case protowire.VarintType:
			v, m := protowire.ConsumeVarint(b)
			if m < 0 {
				t.Fatalf("field %d: bad varint: %v", num, protowire.ParseError(m))
			}
			f.val = protowire.AppendVarint(nil, v)
			n = m
		case protowire.BytesType:
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				t.Fatalf("field %d: bad bytes: %v", num, protowire.ParseError(m))
			}
			f.val = v
			n = m
		default:
			t.Fatalf("field %d: unexpected wire type %d", num, typ)
		}
		b = b[n:]
		out = append(out, f)
	}
	return out
}

func varint(t *testing.T, f field) uint64 {
	t.Helper()
	v, n := protowire.ConsumeVarint(f.val)
	if n < 0 {
		t.Fatalf("field %d: bad varint", f.num)
	}
	return v
}

// TestWireLayout pins the schema shared with hcsshim's
// hcsshim.controller.network.save.v1.Payload by decoding the marshalled
// bytes with protowire, without going through the generated code.
func TestWireLayout(t *testing.T) {
	want := fixture()
	b, err := proto.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}

	seen := map[protowire.Number]int{}
	endpoints := map[string]*savepb.EndpointBinding{}
	for _, f := range fields(t, b) {
		seen[f.num]++
		switch f.num {
		case 1: // uint32 schema_version
			if f.typ != protowire.VarintType {
				t.Fatalf("schema_version: wire type %d, want varint", f.typ)
			}
			if got := varint(t, f); got != uint64(want.SchemaVersion) {
				t.Errorf("schema_version = %d, want %d", got, want.SchemaVersion)
			}
		case 2: // string namespace_id
			if f.typ != protowire.BytesType {
				t.Fatalf("namespace_id: wire type %d, want bytes", f.typ)
			}
			if got := string(f.val); got != want.NamespaceId {
				t.Errorf("namespace_id = %q, want %q", got, want.NamespaceId)
			}
		case 3, 4: // bool policy_based_routing, bool is_namespace_supported_by_guest
			if f.typ != protowire.VarintType {
				t.Fatalf("field %d: wire type %d, want varint", f.num, f.typ)
			}
			if got := varint(t, f); got != 1 {
				t.Errorf("field %d = %d, want 1 (true)", f.num, got)
			}
		case 5: // map<string, EndpointBinding> vm_endpoints: repeated entry messages
			if f.typ != protowire.BytesType {
				t.Fatalf("vm_endpoints: wire type %d, want bytes", f.typ)
			}
			key, binding := decodeEntry(t, f.val)
			if _, dup := endpoints[key]; dup {
				t.Errorf("vm_endpoints: duplicate key %q", key)
			}
			endpoints[key] = binding
		default:
			t.Errorf("unexpected field number %d (wire type %d)", f.num, f.typ)
		}
	}
	for num := protowire.Number(1); num <= 4; num++ {
		if seen[num] != 1 {
			t.Errorf("field %d seen %d times, want 1", num, seen[num])
		}
	}
	if seen[5] != len(want.VmEndpoints) {
		t.Errorf("vm_endpoints: %d entries on the wire, want %d", seen[5], len(want.VmEndpoints))
	}
	for k, w := range want.VmEndpoints {
		g, ok := endpoints[k]
		if !ok {
			t.Errorf("vm_endpoints: key %q missing", k)
			continue
		}
		if !proto.Equal(g, w) {
			t.Errorf("vm_endpoints[%q] = %v, want %v", k, g, w)
		}
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
		if f.typ != protowire.BytesType {
			t.Fatalf("map entry field %d: wire type %d, want bytes", f.num, f.typ)
		}
		switch f.num {
		case 1:
			key = string(f.val)
		case 2:
			binding = &savepb.EndpointBinding{}
			for _, g := range fields(t, f.val) {
				if g.typ != protowire.BytesType {
					t.Fatalf("EndpointBinding field %d: wire type %d, want bytes", g.num, g.typ)
				}
				switch g.num {
				case 1:
					binding.EndpointId = string(g.val)
				case 2:
					binding.MacAddress = string(g.val)
				case 3:
					binding.EndpointName = string(g.val)
				default:
					t.Errorf("EndpointBinding: unexpected field number %d", g.num)
				}
			}
		default:
			t.Errorf("map entry: unexpected field number %d", f.num)
		}
	}
	if binding == nil {
		t.Fatalf("map entry %q has no value", key)
	}
	return key, binding
}

// TestGolden compares a deterministic encoding of the fixture with
// testdata/payload.hex. Run with -update to rewrite it; a diff in that file
// is a wire-format change and must be justified.
func TestGolden(t *testing.T) {
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(fixture())
	if err != nil {
		t.Fatal(err)
	}
	got := hex.EncodeToString(b) + "\n"
	path := filepath.Join("testdata", "payload.hex")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Fatalf("encoding differs from %s:\n got: %s\nwant: %s", path, got, want)
	}

	// The golden bytes must also decode back to the fixture.
	raw, err := hex.DecodeString(strings.TrimSpace(string(want)))
	if err != nil {
		t.Fatal(err)
	}
	var p savepb.Payload
	if err := proto.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(&p, fixture()) {
		t.Fatalf("golden decodes to %v, want %v", &p, fixture())
	}
}

func TestDescriptorNames(t *testing.T) {
	d := (&savepb.Payload{}).ProtoReflect().Descriptor()
	if got, want := d.FullName(), "uvmnet.netcore.save.v1.Payload"; string(got) != want {
		t.Errorf("Payload full name = %q, want %q", got, want)
	}
	if got, want := (&savepb.EndpointBinding{}).ProtoReflect().Descriptor().FullName(), "uvmnet.netcore.save.v1.EndpointBinding"; string(got) != want {
		t.Errorf("EndpointBinding full name = %q, want %q", got, want)
	}
	if got, want := d.ParentFile().Path(), "github.com/uvmnet/uvmnet/netcore/internal/savepb/payload.proto"; got != want {
		t.Errorf("registered file path = %q, want %q", got, want)
	}
}

func TestTypeURL(t *testing.T) {
	a, err := anypb.New(fixture())
	if err != nil {
		t.Fatal(err)
	}
	if a.GetTypeUrl() != savepb.LegacyTypeURL {
		t.Errorf("anypb.New type URL = %q, want LegacyTypeURL %q", a.GetTypeUrl(), savepb.LegacyTypeURL)
	}
	if savepb.TypeURL != "type.microsoft.com/hcsshim.controller.network.save.v1.Payload" {
		t.Errorf("TypeURL = %q, not the URL hcsshim's Import accepts", savepb.TypeURL)
	}
}

// TestEmptyPayload checks proto3 semantics: a zero payload has no fields on
// the wire, so absent fields in an hcsshim payload decode as zero values.
func TestEmptyPayload(t *testing.T) {
	b, err := proto.Marshal(&savepb.Payload{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 0 {
		t.Fatalf("empty payload marshals to %x, want no bytes", b)
	}
}
