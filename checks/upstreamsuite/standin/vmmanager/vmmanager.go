package vmmanager

import (
	"context"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/hcsschema"
	"github.com/uvmnet/uvmnet/netcore"
)

// UtilityVM is the VM the controller hot-adds NICs to.
type UtilityVM struct{ vm netcore.VMNetworkManager }

// New returns the VM forwarding to vm.
func New(vm netcore.VMNetworkManager) *UtilityVM { return &UtilityVM{vm: vm} }

// AddNIC hot-adds the NIC nicID.
func (u *UtilityVM) AddNIC(ctx context.Context, nicID string, settings *hcsschema.NetworkAdapter) error {
	return u.vm.AddNIC(ctx, nicID, settings)
}

// RemoveNIC hot-removes the NIC nicID.
func (u *UtilityVM) RemoveNIC(ctx context.Context, nicID string, settings *hcsschema.NetworkAdapter) error {
	return u.vm.RemoveNIC(ctx, nicID, settings)
}
