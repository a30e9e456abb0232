// Package savepb holds the wire format of netcore's live-migration snapshot.
//
// When a pod network is saved on the migration source, the controller's state
// is written as a [Payload] message and wrapped in an anypb.Any with type URL
// [TypeURL]. The destination unpacks it, checks [Payload.SchemaVersion]
// against [SchemaVersion], and rebuilds a controller from it. The payload
// records the schema version, the HCN namespace ID, the policy-based-routing
// and namespace-supported-by-guest flags, and a map from the NIC ID inside
// the utility VM to the HCN endpoint bound to it ([EndpointBinding]).
//
// # Compatibility with hcsshim
//
// The field numbers, scalar types and map layout of [Payload] and
// [EndpointBinding] are deliberately identical to hcsshim's network save
// payload (proto package hcsshim.controller.network.save.v1). The message
// bytes are therefore interchangeable, and snapshots are wrapped with
// hcsshim's type URL ([TypeURL]), which lets a uvmnet-based shim take over a
// migration started by hcsshim and the other way round. The proto package is
// our own so that both descriptors can be linked into one binary without a
// registry conflict. The tests in this package decode the marshalled bytes
// by hand with protowire to pin every tag number and wire type, independently
// of the generated code; never renumber or retype an existing field.
//
// # Regenerating
//
// payload.pb.go is generated from payload.proto and committed. To regenerate,
// install protoc (on Debian: apt-get install protobuf-compiler) and run, from
// the netcore module directory:
//
//	go generate ./internal/savepb/
//
// The protoc-gen-go plugin is not installed separately: it is pinned by the
// tool directive in netcore/go.mod and invoked through protoc-gen-go.sh,
// which runs "go tool protoc-gen-go". The generated header records the
// protoc version, so regenerate with the same protoc release (see the
// header of payload.pb.go) to keep the output byte-identical.
package savepb
