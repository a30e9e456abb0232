package main

import (
	"github.com/uvmnet/uvmnet/hcnhost"
	"github.com/uvmnet/uvmnet/netcore"
)

// liveHost is this host's HCN, through hcnhost. hcnhost only reads; the
// plan's transports record, so --live changes nothing on the host.
func liveHost() (netcore.HostNetwork, error) {
	return hcnhost.New(), nil
}
