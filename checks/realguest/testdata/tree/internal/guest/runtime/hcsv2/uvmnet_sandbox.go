//go:build linux

package hcsv2

import (
	"context"
	"strings"
)

// This file is added to hcsshim's tree by uvmnet's realguest check; it
// lets the check's harness do what the agent does for a pod sandbox
// without an OCI runtime.

// UvmnetStartSandbox does for the network what the agent's container
// creation does for a pod's sandbox container (uvm.go, CreateContainer,
// "Normal mode"): find the namespace the sandbox names, which must exist,
// assign it the sandbox's pid, and Sync, which moves and configures every
// adapter recorded so far.
func UvmnetStartSandbox(ctx context.Context, namespaceID string, pid int) error {
	ns, err := getNetworkNamespace(namespaceID)
	if err != nil {
		return err
	}
	if err := ns.AssignContainerPid(ctx, pid); err != nil {
		return err
	}
	return ns.Sync(ctx)
}

// UvmnetHeldAdapters lists the adapter IDs the agent holds for a
// namespace, lower-cased, and whether it knows the namespace at all.
func UvmnetHeldAdapters(namespaceID string) (ids []string, known bool) {
	namespaceSync.Lock()
	ns, known := namespaces[strings.ToLower(namespaceID)]
	namespaceSync.Unlock()
	if !known {
		return nil, false
	}
	ns.m.Lock()
	defer ns.m.Unlock()
	for _, nic := range ns.nics {
		ids = append(ids, strings.ToLower(nic.adapter.ID))
	}
	return ids, true
}

// UvmnetForget drops a namespace the agent knows, adapters and all, so
// that one harness process can run many pods under fresh states.
func UvmnetForget(namespaceID string) {
	namespaceSync.Lock()
	defer namespaceSync.Unlock()
	delete(namespaces, strings.ToLower(namespaceID))
}
