// Package hcnmodel is a portable model of the two Host Compute Network (HCN)
// documents a pod network is built from: the namespace and its endpoints.
//
// The types mirror, field for field and JSON tag for JSON tag, the HCN types
// that the Windows host network service returns, so a document read on the
// host passes through this package and back without losing anything. They
// exist because the real types only compile for Windows, while the
// controller, its tests and the conformance suite run everywhere. The
// module github.com/uvmnet/uvmnet/hcnhost converts to and from the real
// types on Windows (hcnhost.FromHCNEndpoint and the like), so netcore does
// not require hcsshim, and a parity test (checks/hcnschema, run on any OS)
// fails when an hcsshim upgrade changes the schema.
//
// Field names keep the wire spelling (Id, Dns, IpConfigurations) on purpose:
// the parity test compares names as well as tags.
package hcnmodel
