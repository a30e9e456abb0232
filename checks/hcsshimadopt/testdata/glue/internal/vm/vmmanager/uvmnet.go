//go:build windows && (lcow || wcow)

package vmmanager

import "context"

// Modify sends an HCS modify document to the UVM's compute system. With ID
// it makes the UVM uvmnet's hcsmodify.ComputeSystem.
func (uvm *UtilityVM) Modify(ctx context.Context, doc interface{}) error {
	return uvm.cs.Modify(ctx, doc)
}
