package netcore

import "context"

// VMNetworkManager hot-adds NICs to, and hot-removes them from, the running
// Utility VM. It is the host half of every NIC.
//
// Implemented by the shim's VM manager, or by [hcsmodify.VMNetwork] over the
// shim's compute-system Modify call. A manager wraps [ErrVMUnavailable] when
// the VM is already gone, so Teardown counts the removal as done.
type VMNetworkManager interface {
	// AddNIC hot-adds the NIC nicID (a Windows GUID string) backed by the
	// adapter's endpoint.
	AddNIC(ctx context.Context, nicID string, adapter *NetworkAdapter) error
	// RemoveNIC hot-removes the NIC nicID.
	RemoveNIC(ctx context.Context, nicID string, adapter *NetworkAdapter) error
}

// NetworkAdapter is the HCS schema document that binds a VM NIC to an HCN
// endpoint. The JSON names are the wire names.
type NetworkAdapter struct {
	EndpointId string `json:"EndpointId,omitempty"`
	MacAddress string `json:"MacAddress,omitempty"`
}
