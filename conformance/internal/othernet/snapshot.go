package othernet

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// SnapshotTypeURL is the type URL of hcsshim's network snapshot, which
// Save writes and Import requires, so either controller reads the other's.
const SnapshotTypeURL = "type.microsoft.com/hcsshim.controller.network.save.v1.Payload"

// maxSnapshotNICs bounds how many NICs Import reads from a snapshot, which
// may come from a hostile host; a Utility VM has far fewer.
const maxSnapshotNICs = 256

// The payload's protobuf field numbers, hcsshim's schema version 1: the
// top-level message, one entry of its NIC map, and a NIC's binding.
const (
	payloadVersion     protowire.Number = 1
	payloadNamespace   protowire.Number = 2
	payloadPBR         protowire.Number = 3
	payloadNSSupported protowire.Number = 4
	payloadNICs        protowire.Number = 5

	entryKey   protowire.Number = 1
	entryValue protowire.Number = 2

	bindingEndpoint protowire.Number = 1
	bindingMAC      protowire.Number = 2
	bindingName     protowire.Number = 3
)

// snapshot is a decoded payload.
type snapshot struct {
	version     uint64
	namespaceID string
	pbr         bool
	nsSupported bool
	nics        []snapshotNIC
}

type snapshotNIC struct{ nicID, endpointID, mac, name string }

// encode writes s in wire form, NICs in the order given.
func (s snapshot) encode() []byte {
	var b []byte
	b = protowire.AppendTag(b, payloadVersion, protowire.VarintType)
	b = protowire.AppendVarint(b, s.version)
	b = protowire.AppendTag(b, payloadNamespace, protowire.BytesType)
	b = protowire.AppendString(b, s.namespaceID)
	for _, f := range []struct {
		num protowire.Number
		on  bool
	}{{payloadPBR, s.pbr}, {payloadNSSupported, s.nsSupported}} {
		if f.on {
			b = protowire.AppendTag(b, f.num, protowire.VarintType)
			b = protowire.AppendVarint(b, 1)
		}
	}
	for _, nic := range s.nics {
		var value []byte
		for _, f := range []struct {
			num protowire.Number
			s   string
		}{{bindingEndpoint, nic.endpointID}, {bindingMAC, nic.mac}, {bindingName, nic.name}} {
			value = protowire.AppendTag(value, f.num, protowire.BytesType)
			value = protowire.AppendString(value, f.s)
		}
		var entry []byte
		entry = protowire.AppendTag(entry, entryKey, protowire.BytesType)
		entry = protowire.AppendString(entry, nic.nicID)
		entry = protowire.AppendTag(entry, entryValue, protowire.BytesType)
		entry = protowire.AppendBytes(entry, value)
		b = protowire.AppendTag(b, payloadNICs, protowire.BytesType)
		b = protowire.AppendBytes(b, entry)
	}
	return b
}

// fields calls f with each field of msg, refusing a malformed one and a
// known field of the wrong wire type.
func fields(msg []byte, f func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error) error {
	for len(msg) > 0 {
		num, typ, l := protowire.ConsumeTag(msg)
		if l < 0 {
			return protowire.ParseError(l)
		}
		msg = msg[l:]
		var (
			v []byte
			n uint64
		)
		switch typ {
		case protowire.VarintType:
			n, l = protowire.ConsumeVarint(msg)
		case protowire.BytesType:
			v, l = protowire.ConsumeBytes(msg)
		default:
			l = protowire.ConsumeFieldValue(num, typ, msg)
		}
		if l < 0 {
			return protowire.ParseError(l)
		}
		msg = msg[l:]
		if err := f(num, typ, v, n); err != nil {
			return err
		}
	}
	return nil
}

// want refuses a known field of another wire type than its schema's.
func want(num protowire.Number, got, typ protowire.Type) error {
	if got != typ {
		return fmt.Errorf("field %d has wire type %d, want %d", num, got, typ)
	}
	return nil
}

// decodeSnapshot reads a payload and checks it as hostile input: schema
// version 1, GUIDs where IDs are, unicast MACs, no NIC, endpoint or MAC
// twice, at most maxSnapshotNICs NICs.
func decodeSnapshot(b []byte, bug Bug) (snapshot, error) {
	var s snapshot
	err := fields(b, func(num protowire.Number, typ protowire.Type, v []byte, n uint64) error {
		switch num {
		case payloadVersion:
			s.version = n
			return want(num, typ, protowire.VarintType)
		case payloadNamespace:
			s.namespaceID = string(v)
			return want(num, typ, protowire.BytesType)
		case payloadPBR:
			s.pbr = n != 0
			return want(num, typ, protowire.VarintType)
		case payloadNSSupported:
			s.nsSupported = n != 0
			return want(num, typ, protowire.VarintType)
		case payloadNICs:
			if len(s.nics) == maxSnapshotNICs {
				return fmt.Errorf("more than %d NICs", maxSnapshotNICs)
			}
			nic, err := decodeNIC(v)
			s.nics = append(s.nics, nic)
			if err != nil {
				return err
			}
			return want(num, typ, protowire.BytesType)
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	if s.version != 1 {
		return s, fmt.Errorf("schema version %d, want 1", s.version)
	}
	if !isGUID(s.namespaceID) {
		return s, fmt.Errorf("namespace ID %q is not a GUID", s.namespaceID)
	}
	seen := map[string]string{}
	for _, nic := range s.nics {
		mac, err := net.ParseMAC(nic.mac)
		switch {
		case !isGUID(nic.nicID):
			return s, fmt.Errorf("NIC ID %q is not a GUID", nic.nicID)
		case !isGUID(nic.endpointID):
			return s, fmt.Errorf("NIC %s: endpoint ID %q is not a GUID", nic.nicID, nic.endpointID)
		case err != nil || len(mac) != 6 || mac[0]&1 != 0:
			return s, fmt.Errorf("NIC %s: MAC %q is not a unicast 48-bit address", nic.nicID, nic.mac)
		}
		keys := []string{"nic " + strings.ToLower(nic.nicID), "endpoint " + strings.ToLower(nic.endpointID), "mac " + mac.String()}
		switch bug {
		case BugImportAcceptsSharedEndpoint:
			keys = slices.Delete(keys, 1, 2)
		case BugImportAcceptsSharedMAC:
			keys = keys[:2]
		}
		for _, key := range keys {
			if other, dup := seen[key]; dup {
				return s, fmt.Errorf("NIC %s: %s is also NIC %s's", nic.nicID, key, other)
			}
			seen[key] = nic.nicID
		}
	}
	return s, nil
}

func decodeNIC(entry []byte) (snapshotNIC, error) {
	var nic snapshotNIC
	var value []byte
	err := fields(entry, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		switch num {
		case entryKey:
			nic.nicID = string(v)
		case entryValue:
			value = v
		default:
			return nil
		}
		return want(num, typ, protowire.BytesType)
	})
	if err != nil {
		return nic, err
	}
	if value == nil {
		return nic, errors.New("a NIC entry without its binding")
	}
	err = fields(value, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
		switch num {
		case bindingEndpoint:
			nic.endpointID = string(v)
		case bindingMAC:
			nic.mac = string(v)
		case bindingName:
			nic.name = string(v)
		default:
			return nil
		}
		return want(num, typ, protowire.BytesType)
	})
	return nic, err
}
