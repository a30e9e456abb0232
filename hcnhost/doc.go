// Package hcnhost is the production [netcore.HostNetwork]: it reads the
// pod's namespace and endpoints from the Windows Host Network Service
// through hcsshim's hcn package.
//
// Its reader, [New] and [HCN]'s methods, exists on every platform, so that
// `go doc`, `go mod tidy` and a shim's portable files see it from any OS;
// only the Windows build reaches HCN. Elsewhere [New] returns an error that
// names the platform and wraps errdefs.ErrNotImplemented, and a shim's
// tests and non-Windows builds pass another [netcore.HostNetwork] (such as
// the in-memory nettest.NewHost).
//
// A shim on a Windows host builds its controller with the [HCN] that [New]
// returns as the host network, so that Setup can find the endpoints CNI
// placed in the pod's namespace. Every read is converted to the portable
// [hcnmodel] types, every error names the ID that was read, and a read of
// something HCN does not know wraps errdefs.ErrNotFound so callers need no
// hcsshim import to recognise it.
//
// # Conversions (Windows only)
//
// For a shim that already holds hcsshim's documents, the package also
// converts between hcsshim's hcn types and the model. hcsshim declares
// those types only for Windows (its hcn files carry //go:build windows),
// so the conversions exist only in the Windows build, and `go doc` lists
// them only with GOOS=windows:
//
//	func FromHCNNamespace(ns *hcn.HostComputeNamespace) (*hcnmodel.Namespace, error)
//	func ToHCNNamespace(ns *hcnmodel.Namespace) (*hcn.HostComputeNamespace, error)
//	func FromHCNEndpoint(ep *hcn.HostComputeEndpoint) (*hcnmodel.Endpoint, error)
//	func ToHCNEndpoint(ep *hcnmodel.Endpoint) (*hcn.HostComputeEndpoint, error)
//
// Each converts nil to nil, copies every field (slices and raw JSON
// included, so the result never aliases its input), and fails only when
// an endpoint's Health.Data cannot be copied. Their own documentation:
//
//	GOOS=windows go doc github.com/uvmnet/uvmnet/hcnhost FromHCNEndpoint
//
// The package is a module of its own, github.com/uvmnet/uvmnet/hcnhost,
// because it is the only code of uvmnet that needs hcsshim: netcore and the
// guest platform modules stay free of hcsshim's module graph and of the Go
// version its go.mod requires, and only a shim that runs on a Windows host
// requires this module.
package hcnhost
