package nettest

import (
	"context"

	"github.com/uvmnet/uvmnet/netcore"
)

// NopVM accepts every hot-add and hot-remove at no cost.
type NopVM struct{}

// AddNIC implements netcore.VMNetworkManager.
func (NopVM) AddNIC(context.Context, string, *netcore.NetworkAdapter) error { return nil }

// RemoveNIC implements netcore.VMNetworkManager.
func (NopVM) RemoveNIC(context.Context, string, *netcore.NetworkAdapter) error { return nil }
