// Package hcnhost is the production [netcore.HostNetwork]: it reads the
// pod's namespace and endpoints from the Windows Host Network Service
// through hcsshim's hcn package.
//
// Its API, [New] and [HCN]'s methods, exists on every platform, so that
// `go doc`, `go mod tidy` and a shim's portable files see it from any OS;
// only the Windows build reaches HCN. Elsewhere [New] returns an error that
// names the platform and wraps errdefs.ErrNotImplemented, and a shim's
// tests and non-Windows builds pass another [netcore.HostNetwork] (such as
// the in-memory nettest.NewHost). The conversions between hcsshim's hcn
// types and the model exist only on Windows, where those types do.
//
// A shim on a Windows host builds its controller with the [HCN] that [New]
// returns as the host network, so that Setup can find the endpoints CNI placed in the pod's
// namespace. Every read is converted to the portable [hcnmodel] types, every
// error names the ID that was read, and a read of something HCN does not
// know wraps errdefs.ErrNotFound so callers need no hcsshim import to
// recognise it. The conversions are exported too ([FromHCNNamespace],
// [FromHCNEndpoint] and back), for a shim that holds hcsshim's documents.
//
// The package is a module of its own, github.com/uvmnet/uvmnet/hcnhost,
// because it is the only code of uvmnet that needs hcsshim: netcore and the
// guest platform modules stay free of hcsshim's module graph and of the Go
// version its go.mod requires, and only a shim that runs on a Windows host
// requires this module.
package hcnhost
