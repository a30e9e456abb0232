package netcore

import (
	"strings"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
)

// hcsshimPayloadName is the protobuf full name of hcsshim's network
// snapshot payload: the name in SnapshotTypeURL.
const hcsshimPayloadName protoreflect.FullName = "hcsshim.controller.network.save.v1.Payload"

// SnapshotTypeResolver resolves the payload type of a network snapshot for
// protojson, so that a shim can write what Save returns as JSON, and read
// it back, without linking hcsshim:
//
//	b, err := protojson.MarshalOptions{Resolver: netcore.SnapshotTypeResolver{}}.Marshal(snap)
//	err = protojson.UnmarshalOptions{Resolver: netcore.SnapshotTypeResolver{}}.Unmarshal(b, snap)
//
// Plain protojson.Marshal fails on a snapshot ("unable to resolve
// type.microsoft.com/hcsshim.controller.network.save.v1.Payload"): netcore
// registers its payload under its own protobuf name, not hcsshim's, since
// a shim that links hcsshim too would otherwise register one name twice.
// This resolver answers hcsshim's name (and URL) and netcore's own with the
// same payload type, which has hcsshim's fields, numbers and JSON names;
// every other name goes to protoregistry.GlobalTypes. The JSON carries
// "@type": SnapshotTypeURL, so a hcsshim destination reads it with its own
// types, and the snapshot's binary value is what Import takes either way.
type SnapshotTypeResolver struct{}

var _ interface {
	protoregistry.MessageTypeResolver
	protoregistry.ExtensionTypeResolver
} = SnapshotTypeResolver{}

// FindMessageByName implements protoregistry.MessageTypeResolver.
func (SnapshotTypeResolver) FindMessageByName(name protoreflect.FullName) (protoreflect.MessageType, error) {
	if name == hcsshimPayloadName {
		name = (&savepb.Payload{}).ProtoReflect().Descriptor().FullName()
	}
	return protoregistry.GlobalTypes.FindMessageByName(name)
}

// FindMessageByURL implements protoregistry.MessageTypeResolver: the name
// is what follows the URL's last '/'.
func (r SnapshotTypeResolver) FindMessageByURL(url string) (protoreflect.MessageType, error) {
	name := url
	if i := strings.LastIndexByte(url, '/'); i >= 0 {
		name = url[i+1:]
	}
	return r.FindMessageByName(protoreflect.FullName(name))
}

// FindExtensionByName implements protoregistry.ExtensionTypeResolver.
func (SnapshotTypeResolver) FindExtensionByName(field protoreflect.FullName) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByName(field)
}

// FindExtensionByNumber implements protoregistry.ExtensionTypeResolver.
func (SnapshotTypeResolver) FindExtensionByNumber(message protoreflect.FullName, field protoreflect.FieldNumber) (protoreflect.ExtensionType, error) {
	return protoregistry.GlobalTypes.FindExtensionByNumber(message, field)
}
