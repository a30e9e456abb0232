package conformance

import (
	"fmt"
	"maps"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// The suite reads snapshots from their wire form, field numbers and all,
// rather than through netcore's generated types: the format is a contract
// with hcsshim, and a test that decoded with the writer's own code would
// not notice the writer drifting from it.

// Snapshot payload field numbers, shared with hcsshim's network controller.
const (
	fieldSchemaVersion      protowire.Number = 1
	fieldNamespaceID        protowire.Number = 2
	fieldPolicyBasedRouting protowire.Number = 3
	fieldNamespaceSupported protowire.Number = 4
	fieldVMEndpoints        protowire.Number = 5

	fieldMapKey   protowire.Number = 1
	fieldMapValue protowire.Number = 2

	fieldBindingEndpointID   protowire.Number = 1
	fieldBindingMACAddress   protowire.Number = 2
	fieldBindingEndpointName protowire.Number = 3
)

// snapshotTypeURL is the type URL Save must write: hcsshim's, so that either
// side of a migration reads the other's snapshot. earlierSnapshotTypeURL
// is the one uvmnet wrote before, which Import must still accept. Both are
// spelled out here rather than taken from netcore, so that a constant
// that drifts is caught.
const (
	snapshotTypeURL        = "type.microsoft.com/hcsshim.controller.network.save.v1.Payload"
	earlierSnapshotTypeURL = "type.googleapis.com/uvmnet.netcore.save.v1.Payload"
)

// snapshotSchemaVersion is the only schema version there is.
const snapshotSchemaVersion = 1

// payload is a decoded snapshot payload.
type payload struct {
	schemaVersion      uint64
	namespaceID        string
	policyBasedRouting bool
	namespaceSupported bool
	bindings           map[string]nicEntry
}

// binding is one NIC's entry: the endpoint behind it.
type nicEntry struct {
	endpointID, macAddress, endpointName string
}

// decodePayload reads a payload; unknown fields are skipped, as any reader
// must.
func decodePayload(b []byte) (payload, error) {
	p := payload{bindings: map[string]nicEntry{}}
	err := eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		switch num {
		case fieldSchemaVersion:
			p.schemaVersion = n
		case fieldNamespaceID:
			p.namespaceID = string(v)
		case fieldPolicyBasedRouting:
			p.policyBasedRouting = n != 0
		case fieldNamespaceSupported:
			p.namespaceSupported = n != 0
		case fieldVMEndpoints:
			var key string
			var bind nicEntry
			err := eachField(v, func(num protowire.Number, v []byte, _ uint64) error {
				switch num {
				case fieldMapKey:
					key = string(v)
				case fieldMapValue:
					return eachField(v, func(num protowire.Number, v []byte, _ uint64) error {
						switch num {
						case fieldBindingEndpointID:
							bind.endpointID = string(v)
						case fieldBindingMACAddress:
							bind.macAddress = string(v)
						case fieldBindingEndpointName:
							bind.endpointName = string(v)
						}
						return nil
					})
				}
				return nil
			})
			if err != nil {
				return err
			}
			p.bindings[key] = bind
		}
		return nil
	})
	return p, err
}

// eachField calls f with each field of a message: its number and either
// its bytes (length-delimited) or its integer value (varint).
func eachField(b []byte, f func(num protowire.Number, v []byte, n uint64) error) error {
	for len(b) > 0 {
		num, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return protowire.ParseError(l)
		}
		b = b[l:]
		var (
			v []byte
			n uint64
		)
		switch typ {
		case protowire.VarintType:
			n, l = protowire.ConsumeVarint(b)
		case protowire.BytesType:
			v, l = protowire.ConsumeBytes(b)
		default:
			l = protowire.ConsumeFieldValue(num, typ, b)
		}
		if l < 0 {
			return protowire.ParseError(l)
		}
		b = b[l:]
		if err := f(num, v, n); err != nil {
			return err
		}
	}
	return nil
}

// withSchemaVersion returns the payload b with its schema version replaced.
func withSchemaVersion(b []byte, version uint64) []byte {
	var out []byte
	out = protowire.AppendTag(out, fieldSchemaVersion, protowire.VarintType)
	out = protowire.AppendVarint(out, version)
	_ = eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		switch num {
		case fieldSchemaVersion:
		case fieldVMEndpoints, fieldNamespaceID:
			out = protowire.AppendTag(out, num, protowire.BytesType)
			out = protowire.AppendBytes(out, v)
		default:
			out = protowire.AppendTag(out, num, protowire.VarintType)
			out = protowire.AppendVarint(out, n)
		}
		return nil
	})
	return out
}

// checkSnapshot reports every way snap differs from what Save must write
// for pod with nics attached.
func checkSnapshot(r *reporter, snap *anypb.Any, pod netcore.PodNetwork, nics []netcore.NICInfo) {
	if snap == nil {
		r.Errorf("Save returned a nil snapshot")
		return
	}
	if snap.GetTypeUrl() != snapshotTypeURL {
		r.Errorf("snapshot type URL %q, want %q", snap.GetTypeUrl(), snapshotTypeURL)
	}
	p, err := decodePayload(snap.GetValue())
	if err != nil {
		r.Errorf("snapshot payload does not decode: %v", err)
		return
	}
	want := payload{
		schemaVersion:      snapshotSchemaVersion,
		namespaceID:        pod.NamespaceID,
		policyBasedRouting: pod.PolicyBasedRouting,
		namespaceSupported: pod.GuestNamespaceSupported,
		bindings:           map[string]nicEntry{},
	}
	for _, n := range nics {
		want.bindings[n.ID] = nicEntry{n.Endpoint.Id, n.Endpoint.MacAddress, n.Endpoint.Name}
	}
	if p.schemaVersion != want.schemaVersion || p.namespaceID != want.namespaceID ||
		p.policyBasedRouting != want.policyBasedRouting || p.namespaceSupported != want.namespaceSupported {
		r.Errorf("snapshot header: got version %d, namespace %q, PBR %v, namespace supported %v; want %d, %q, %v, %v",
			p.schemaVersion, p.namespaceID, p.policyBasedRouting, p.namespaceSupported,
			want.schemaVersion, want.namespaceID, want.policyBasedRouting, want.namespaceSupported)
	}
	if !maps.Equal(p.bindings, want.bindings) {
		r.Errorf("snapshot NIC bindings:\n got  %s\n want %s", fmt.Sprint(p.bindings), fmt.Sprint(want.bindings))
	}
}
