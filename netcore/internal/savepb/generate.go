package savepb

// Regenerate payload.pb.go from payload.proto. Needs protoc on PATH; the
// protoc-gen-go plugin is the version pinned by the tool directive in
// tools/gen/go.mod (found through the workspace), run through
// protoc-gen-go.sh.
//
// The -I mapping registers the file under its Go import path rather than the
// bare name "payload.proto", which could collide in the global protobuf
// registry with other packages' files (protobuf-go panics on such conflicts).
//
//go:generate protoc --plugin=protoc-gen-go=./protoc-gen-go.sh -Igithub.com/uvmnet/uvmnet/netcore/internal/savepb=. --go_out=. --go_opt=module=github.com/uvmnet/uvmnet/netcore/internal/savepb github.com/uvmnet/uvmnet/netcore/internal/savepb/payload.proto
