package main

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// Snapshot encodings the command reads.
const (
	formatBinary    = "binary"
	formatBase64    = "base64"
	formatProtoJSON = "protojson"
)

// maxSnapshotInput bounds what the command reads of a snapshot: base64
// and protojson spell a payload of netcore.MaxSnapshotBytes (the most
// Import accepts) in under four times as many bytes. Anything longer is
// refused before it is read whole.
const maxSnapshotInput = 4 * netcore.MaxSnapshotBytes

// decodeSnapshot turns the bytes of a snapshot file into the anypb.Any a
// shim hands netcore.Import, and names the encoding it found. A snapshot
// is the Any itself, in protobuf binary, in base64 of that (standard or
// URL alphabet, padded or not, line breaks allowed), or in protojson
// ({"@type": ..., "schemaVersion": ...}). The encodings are told apart by
// their first bytes; when the likely one fails, binary is tried last, since
// any byte string may be binary, and the likely encoding's error is
// reported. Nothing is validated here beyond decoding: that is Import's.
func decodeSnapshot(data []byte) (*anypb.Any, string, error) {
	trimmed := bytes.TrimSpace(data)
	var firstErr error
	if len(trimmed) > 0 && trimmed[0] == '{' {
		snap := &anypb.Any{}
		err := protojson.UnmarshalOptions{Resolver: snapshotTypes{}}.Unmarshal(trimmed, snap)
		if err == nil {
			return snap, formatProtoJSON, nil
		}
		firstErr = fmt.Errorf("protojson snapshot does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
	} else if raw, ok := decodeBase64(trimmed); ok {
		snap := &anypb.Any{}
		err := proto.Unmarshal(raw, snap)
		if err == nil {
			return snap, formatBase64, nil
		}
		firstErr = fmt.Errorf("base64 snapshot does not decode as an anypb.Any: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	snap := &anypb.Any{}
	if err := proto.Unmarshal(data, snap); err != nil {
		if firstErr != nil {
			return nil, "", firstErr
		}
		return nil, "", fmt.Errorf("binary snapshot does not decode as an anypb.Any: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	return snap, formatBinary, nil
}

// decodeBase64 decodes s when it is nothing but base64 text and line
// breaks. A binary snapshot is never that: its type URL holds '.', which
// no base64 alphabet has.
func decodeBase64(s []byte) ([]byte, bool) {
	if len(s) == 0 {
		return nil, false
	}
	compact := bytes.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', ' ', '\t':
			return -1
		}
		return r
	}, s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if out, err := enc.DecodeString(string(compact)); err == nil {
			return out, true
		}
	}
	return nil, false
}

// payloadMessageName is the protobuf name under which netcore registers
// its snapshot payload (the name in its legacy type URL). hcsshim's payload
// has the same fields, numbers and JSON names under its own package, so
// one message type reads both.
const payloadMessageName protoreflect.FullName = "uvmnet.netcore.save.v1.Payload"

// snapshotTypes resolves a protojson snapshot's "@type", whatever it is,
// to the snapshot payload, so the fields read as a payload's and the URL is
// kept as written. Whether the URL is one a destination accepts is
// netcore.Import's decision, made with its own error, exactly as for a
// binary snapshot; only fields no payload has fail here, in decoding.
type snapshotTypes struct{}

func (snapshotTypes) FindMessageByURL(string) (protoreflect.MessageType, error) {
	return protoregistry.GlobalTypes.FindMessageByName(payloadMessageName)
}

func (snapshotTypes) FindMessageByName(name protoreflect.FullName) (protoreflect.MessageType, error) {
	return protoregistry.GlobalTypes.FindMessageByName(name)
}

func (snapshotTypes) FindExtensionByName(name protoreflect.FullName) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByName(name)
}

func (snapshotTypes) FindExtensionByNumber(message protoreflect.FullName, field protoreflect.FieldNumber) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByNumber(message, field)
}
