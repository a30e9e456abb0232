package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// Snapshot encodings the command reads, as it reports them.
const (
	formatBinary    = "binary"
	formatBase64    = "base64"
	formatProtoJSON = "protojson"
	formatTwoLines  = "type URL and base64 value"
	formatReport    = "uvmnet snapshot --json report"
	// A bare payload is the Any's value alone; the format says how it
	// was spelled.
	formatBarePrefix = "bare payload, "
)

// maxSnapshotInput bounds what the command reads of a snapshot: base64
// and protojson spell a payload of netcore.MaxSnapshotBytes (the most
// Import accepts) in under four times as many bytes, and UTF-16 doubles
// that. Anything longer is refused before it is read whole.
const maxSnapshotInput = 8 * netcore.MaxSnapshotBytes

// hcsshimPayloadName is the protobuf name in hcsshim's snapshot URL; a
// bare payload, which carries no URL, is read as this type.
const hcsshimPayloadName = "hcsshim.controller.network.save.v1.Payload"

// decodeSnapshot turns the bytes of a snapshot file into the anypb.Any a
// shim hands netcore.Import, and names the encoding it found. A snapshot
// travels as:
//
//   - the Any in protobuf binary, or in base64 of that (standard or URL
//     alphabet, padded or not, line breaks allowed);
//   - the Any in protojson ({"@type": ..., "schemaVersion": ...});
//   - its type URL and its value in base64, on two lines (or one, apart);
//   - its value alone, a bare payload, in binary, base64 or protojson, read
//     as hcsshim's type since nothing names another;
//   - this command's own --json report.
//
// Text may be UTF-8 or UTF-16, with or without a byte-order mark. Text and
// binary are told apart by whether the input is printable text; nothing is
// validated here beyond decoding: that is Import's.
func decodeSnapshot(data []byte) (*anypb.Any, string, error) {
	if len(data) == 0 {
		return nil, "", fmt.Errorf("empty snapshot: the input holds no bytes: %w", errdefs.ErrInvalidArgument)
	}
	text, enc, err := decodeText(data)
	if err != nil {
		if strings.HasSuffix(enc, "BOM") {
			return nil, "", err
		}
		// No mark: the guess of UTF-16 was wrong, and it is binary.
		text = data
	}
	if !isText(text) {
		return decodeBinary(data, formatBinary)
	}
	snap, format, err := decodeTextSnapshot(text)
	if err != nil && text[0] == '\n' {
		// An Any with an empty value is its tag (a newline), a length and
		// its type URL: it can read as text. Binary is tried last, and
		// the text's error stands when it fails too.
		if snap, format, binErr := decodeBinary(data, formatBinary); binErr == nil {
			return snap, format, nil
		}
	}
	return snap, format, err
}

// decodeTextSnapshot reads the text spellings of a snapshot.
func decodeTextSnapshot(text []byte) (*anypb.Any, string, error) {
	trimmed := bytes.TrimSpace(text)
	switch {
	case len(trimmed) == 0:
		return nil, "", fmt.Errorf("empty snapshot: the input holds only whitespace: %w", errdefs.ErrInvalidArgument)
	case trimmed[0] == '{':
		return decodeJSONSnapshot(trimmed)
	}
	lines := strings.Fields(string(trimmed))
	if len(lines) == 2 && looksLikeTypeURL(lines[0]) {
		value, err := decodeBase64(lines[1])
		if err != nil {
			return nil, "", fmt.Errorf("%s snapshot: the value after type URL %s does not decode: %v: %w",
				formatTwoLines, boundedQuote(lines[0]), err, errdefs.ErrInvalidArgument)
		}
		return &anypb.Any{TypeUrl: lines[0], Value: value}, formatTwoLines, nil
	}
	if len(lines) == 1 && looksLikeTypeURL(lines[0]) {
		return nil, "", fmt.Errorf("%s snapshot: type URL %s with no base64 value after it: %w", formatTwoLines, boundedQuote(lines[0]), errdefs.ErrInvalidArgument)
	}
	raw, err := decodeBase64(string(trimmed))
	if err != nil {
		return nil, "", fmt.Errorf("base64 snapshot does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	return decodeBinary(raw, formatBase64)
}

// isText reports whether b is text: valid UTF-8 with no control character
// but tab, CR and LF. A binary snapshot almost never is: its first byte is
// a protobuf tag (0x0a for an Any, 0x08 for a payload) followed by a
// length, and an Any's value follows its URL behind tag 0x12.
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if unicode.IsControl(r) && r != '\t' && r != '\r' && r != '\n' {
			return false
		}
	}
	return true
}

// looksLikeTypeURL reports whether s is a protobuf type URL: a host and
// path ending in a full message name.
func looksLikeTypeURL(s string) bool {
	i := strings.LastIndexByte(s, '/')
	return i > 0 && protoreflect.FullName(s[i+1:]).IsValid()
}

// decodeBinary reads raw as an Any or, failing that, as a bare payload.
// Protobuf decoding of an Any takes a payload's fields as unknown ones
// (its field 1 is a number where an Any's is a string), so an Any with no
// type URL and unknown fields is a payload.
func decodeBinary(raw []byte, format string) (*anypb.Any, string, error) {
	snap := &anypb.Any{}
	anyErr := proto.Unmarshal(raw, snap)
	if anyErr == nil && snap.GetTypeUrl() != "" {
		return snap, format, nil
	}
	if payloadErr := checkPayload(raw); payloadErr == nil {
		return &anypb.Any{TypeUrl: netcore.SnapshotTypeURL, Value: raw}, formatBarePrefix + format, nil
	} else if anyErr == nil {
		anyErr = payloadErr
	}
	return nil, "", fmt.Errorf("%s snapshot decodes neither as an anypb.Any (it has no type URL) nor as a bare payload: %v: %w",
		format, anyErr, errdefs.ErrInvalidArgument)
}

// payloadType is the snapshot payload's message type (netcore's, which
// has hcsshim's fields, numbers and JSON names).
func payloadType() (protoreflect.MessageType, error) {
	return netcore.SnapshotTypeResolver{}.FindMessageByName(hcsshimPayloadName)
}

// checkPayload reports whether raw decodes as a payload with nothing
// unknown in it and a schema version set, which every payload has.
func checkPayload(raw []byte) error {
	mt, err := payloadType()
	if err != nil {
		return err
	}
	m := mt.New()
	if err := proto.Unmarshal(raw, m.Interface()); err != nil {
		return err
	}
	if len(m.GetUnknown()) > 0 {
		return errors.New("fields no payload has")
	}
	if !m.Has(mt.Descriptor().Fields().ByName("schema_version")) {
		return errors.New("no schema version")
	}
	return nil
}

// decodeJSONSnapshot reads the JSON spellings: protojson of the Any (it
// has "@type"), this command's --json report (it has "typeUrl" and
// "nics"), or protojson of a bare payload.
func decodeJSONSnapshot(text []byte) (*anypb.Any, string, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(text, &keys); err != nil {
		return nil, "", fmt.Errorf("JSON snapshot does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	_, hasType := keys["@type"]
	_, hasURL := keys["typeUrl"]
	_, hasNICs := keys["nics"]
	switch {
	case hasType:
		snap := &anypb.Any{}
		if err := (protojson.UnmarshalOptions{Resolver: snapshotTypes{}}).Unmarshal(text, snap); err != nil {
			return nil, "", fmt.Errorf("protojson snapshot does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
		}
		return snap, formatProtoJSON, nil
	case hasURL && hasNICs:
		return decodeReport(text)
	}
	mt, err := payloadType()
	if err != nil {
		return nil, "", err
	}
	m := mt.New().Interface()
	if err := protojson.Unmarshal(text, m); err != nil {
		return nil, "", fmt.Errorf("JSON snapshot is neither protojson of an anypb.Any (no \"@type\"), nor a report of uvmnet snapshot --json "+
			"(no \"typeUrl\" and \"nics\"), nor protojson of a bare payload (%v): %w", err, errdefs.ErrInvalidArgument)
	}
	value, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return nil, "", err
	}
	return &anypb.Any{TypeUrl: netcore.SnapshotTypeURL, Value: value}, formatBarePrefix + formatProtoJSON, nil
}

// decodeReport rebuilds the snapshot a --json report describes, so that
// `uvmnet snapshot --json F | uvmnet snapshot -` reads back. The report
// holds every field of the payload, so the snapshot is the one reported.
func decodeReport(text []byte) (*anypb.Any, string, error) {
	var r snapshotReport
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, "", fmt.Errorf("uvmnet snapshot --json report does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	if len(r.NICs) > netcore.MaxNICs {
		return nil, "", fmt.Errorf("uvmnet snapshot --json report: %d NICs, more than %d: %w", len(r.NICs), netcore.MaxNICs, errdefs.ErrInvalidArgument)
	}
	mt, err := payloadType()
	if err != nil {
		return nil, "", err
	}
	m := mt.New()
	fields := mt.Descriptor().Fields()
	m.Set(fields.ByName("schema_version"), protoreflect.ValueOfUint32(r.SchemaVersion))
	m.Set(fields.ByName("namespace_id"), protoreflect.ValueOfString(r.NamespaceID))
	m.Set(fields.ByName("policy_based_routing"), protoreflect.ValueOfBool(r.PolicyBasedRouting))
	m.Set(fields.ByName("is_namespace_supported_by_guest"), protoreflect.ValueOfBool(r.GuestNamespaceSupported))
	bindings := m.Mutable(fields.ByName("vm_endpoints")).Map()
	for _, n := range r.NICs {
		key := protoreflect.ValueOfString(n.ID).MapKey()
		if bindings.Has(key) {
			return nil, "", fmt.Errorf("uvmnet snapshot --json report: NIC %s listed twice: %w", label(n.ID), errdefs.ErrInvalidArgument)
		}
		b := bindings.NewValue()
		bf := b.Message().Descriptor().Fields()
		b.Message().Set(bf.ByName("endpoint_id"), protoreflect.ValueOfString(n.EndpointID))
		b.Message().Set(bf.ByName("mac_address"), protoreflect.ValueOfString(n.MacAddress))
		b.Message().Set(bf.ByName("endpoint_name"), protoreflect.ValueOfString(n.EndpointName))
		bindings.Set(key, b)
	}
	value, err := proto.MarshalOptions{Deterministic: true}.Marshal(m.Interface())
	if err != nil {
		return nil, "", err
	}
	return &anypb.Any{TypeUrl: r.TypeURL, Value: value}, formatReport, nil
}

// decodeBase64 decodes s when it is nothing but base64 text and
// whitespace, in any of the four alphabets and paddings. Its error names
// the first character no alphabet has, and where it is.
func decodeBase64(s string) ([]byte, error) {
	compact := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	for i, r := range compact {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("+/-_=", r)) {
			return nil, fmt.Errorf("character %s at offset %d (of the base64 text without whitespace) is in no base64 alphabet", boundedQuote(string(r)), i)
		}
	}
	var firstErr error
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		out, err := enc.DecodeString(compact)
		if err == nil {
			return out, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// snapshotTypes resolves a protojson snapshot's "@type", whatever it is,
// to the snapshot payload, so the fields read as a payload's and the URL is
// kept as written. Whether the URL is one a destination accepts is
// netcore.Import's decision, made with its own error, exactly as for a
// binary snapshot; only fields no payload has fail here, in decoding.
type snapshotTypes struct{}

func (snapshotTypes) FindMessageByURL(string) (protoreflect.MessageType, error) {
	return payloadType()
}

func (snapshotTypes) FindMessageByName(name protoreflect.FullName) (protoreflect.MessageType, error) {
	return netcore.SnapshotTypeResolver{}.FindMessageByName(name)
}

func (snapshotTypes) FindExtensionByName(name protoreflect.FullName) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByName(name)
}

func (snapshotTypes) FindExtensionByNumber(message protoreflect.FullName, field protoreflect.FieldNumber) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByNumber(message, field)
}
