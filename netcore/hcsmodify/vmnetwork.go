package hcsmodify

import (
	"context"
	"fmt"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
)

// VMNetwork hot-adds and hot-removes Utility VM NICs by sending modify
// documents to the VM's [ComputeSystem]. It holds no state of its own; the
// NICs live in HCS.
//
// A compute system's error is wrapped, never replaced; one that says the
// VM is gone, in hcsshim's terms, also wraps [netcore.ErrVMUnavailable]
// (see [ComputeSystem]), so Teardown after a VM crash completes without a
// classifier in the shim.
type VMNetwork struct {
	cs ComputeSystem
}

var _ netcore.VMNetworkManager = (*VMNetwork)(nil)

// NewVMNetwork returns a VM network manager that sends its documents to
// cs, the Utility VM's compute system. For a nil cs, or a nil pointer in
// the interface, the manager reports the missing transport from Validate,
// which netcore.New refuses, so it fails when the controller is built
// rather than at the first hot-add.
func NewVMNetwork(cs ComputeSystem) *VMNetwork {
	if missing(cs) {
		return &VMNetwork{}
	}
	return &VMNetwork{cs: cs}
}

// AddNIC implements [netcore.VMNetworkManager].
func (v *VMNetwork) AddNIC(ctx context.Context, nicID string, adapter *netcore.NetworkAdapter) error {
	if err := validateNIC(nicID, adapter); err != nil {
		return fmt.Errorf("hot-add NIC: %w", err)
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("hot-add NIC %s: %w: %w", nicID, err, errdefs.ErrFailedPrecondition)
	}
	if err := classifyGone(fromComputeSystem, addCall, v.cs.Modify(ctx, nicRequest(RequestTypeAdd, nicID, adapter))); err != nil {
		return fmt.Errorf("hot-add NIC %s for endpoint %s on compute system %s: %w", nicID, adapter.EndpointId, v.cs.ID(), err)
	}
	return nil
}

// RemoveNIC implements [netcore.VMNetworkManager].
func (v *VMNetwork) RemoveNIC(ctx context.Context, nicID string, adapter *netcore.NetworkAdapter) error {
	if err := validateNIC(nicID, adapter); err != nil {
		return fmt.Errorf("hot-remove NIC: %w", err)
	}
	if err := v.Validate(); err != nil {
		return fmt.Errorf("hot-remove NIC %s: %w: %w", nicID, err, errdefs.ErrFailedPrecondition)
	}
	if err := classifyGone(fromComputeSystem, removeCall, v.cs.Modify(ctx, nicRequest(RequestTypeRemove, nicID, adapter))); err != nil {
		return fmt.Errorf("hot-remove NIC %s for endpoint %s on compute system %s: %w", nicID, adapter.EndpointId, v.cs.ID(), err)
	}
	return nil
}

// nicRequest builds the host-side document for one NIC. HCS wants the
// adapter on removal too, so both directions carry it.
func nicRequest(rt RequestType, nicID string, adapter *netcore.NetworkAdapter) *ModifySettingRequest {
	return &ModifySettingRequest{
		ResourcePath: NetworkAdapterPath(nicID),
		RequestType:  rt,
		Settings:     adapter,
	}
}

// validateNIC rejects arguments that would produce a document HCS cannot
// act on, before anything reaches the VM: nicID becomes part of a resource
// path, so a malformed one would address the wrong resource or none.
func validateNIC(nicID string, adapter *netcore.NetworkAdapter) error {
	if _, err := guid.FromString(nicID); err != nil {
		return fmt.Errorf("field nicID: invalid value %q: not a GUID: %w", nicID, errdefs.ErrInvalidArgument)
	}
	if adapter == nil {
		return fmt.Errorf("NIC %s: field adapter: invalid value <nil>: an adapter is required: %w", nicID, errdefs.ErrInvalidArgument)
	}
	return nil
}
