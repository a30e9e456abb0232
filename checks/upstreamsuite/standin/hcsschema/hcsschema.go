// Package hcsschema stands in for hcsshim's internal/hcs/schema2: the
// NIC document of a VM hot-add, which uvmnet's netcore spells the same.
package hcsschema

import "github.com/uvmnet/uvmnet/netcore"

// NetworkAdapter is HCS's NetworkAdapter document.
type NetworkAdapter = netcore.NetworkAdapter
