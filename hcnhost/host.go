package hcnhost

import "github.com/uvmnet/uvmnet/netcore"

// HCN reads namespaces and endpoints from the host's HCN service. It holds
// no state, so one value can serve any number of controllers. Build it
// with [New], which says whether this platform has HCN at all.
//
// The type and its methods exist on every platform, so that a shim's
// portable files can name them and its documentation and `go mod tidy`
// see them from any OS; only on Windows do the methods reach HCN.
type HCN struct{}

var _ netcore.HostNetwork = (*HCN)(nil)
