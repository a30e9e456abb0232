package hcsschema

import "github.com/uvmnet/uvmnet/netcore"

// NetworkAdapter is HCS's NetworkAdapter document.
type NetworkAdapter = netcore.NetworkAdapter
