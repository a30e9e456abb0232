package main

import (
	"fmt"

	"github.com/uvmnet/uvmnet/hcnhost"
	"github.com/uvmnet/uvmnet/netcore"
)

// liveHost is this host's HCN, through hcnhost, which only reads; the
// plan's transports record, so --live changes nothing on the host. Off
// Windows hcnhost.New fails with an error that names the platform (and
// wraps errdefs.ErrNotImplemented); the plan still works everywhere from
// --namespace and --endpoints files.
func liveHost() (netcore.HostNetwork, error) {
	host, err := hcnhost.New()
	if err != nil {
		return nil, fmt.Errorf("flag --live reads the host's HCN, which exists only on Windows hosts; "+
			"plan from files with --namespace and --endpoints instead: %w", err)
	}
	return host, nil
}
