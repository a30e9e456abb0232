//go:build !windows

package main

import (
	"fmt"
	"runtime"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
)

// liveHost fails: HCN exists only on Windows hosts. The plan still works
// everywhere from --namespace and --endpoints files.
func liveHost() (netcore.HostNetwork, error) {
	return nil, fmt.Errorf("flag --live reads the host's HCN, which exists only on Windows hosts, not on %s; "+
		"plan from files with --namespace and --endpoints instead: %w", runtime.GOOS, errdefs.ErrNotImplemented)
}
