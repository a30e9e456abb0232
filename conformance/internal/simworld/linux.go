package simworld

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The Linux guest agent's two NIC requests, answered as hcsshim v0.15.0's
// Linux guest agent (GCS) answers them. Its source is public, so these
// steps have no [Answers] to choose from: each rule below names the
// function it comes from, under internal/guest/runtime/hcsv2/ in
// hcsshim's tree.
//
// The agent files adapters by network namespace, keyed by the namespace
// ID lower-cased (network.go, GetOrAddNetworkNamespace and
// getNetworkNamespace), and compares adapter IDs whatever their case
// (network.go, AddAdapter and RemoveAdapter). It never reads the MAC: it
// finds the NIC's device by its ID (internal/guest/network/network.go,
// InstanceIDToName).

// AddAdapter is a Linux guest's Add of a NIC (resource type Network): the
// adapter document names the NIC and the namespace to file it under
// (uvm.go, modifyNetwork, RequestTypeAdd). The agent
//   - creates the namespace if it has none by that ID (GetOrAddNetworkNamespace);
//   - refuses an adapter ID that namespace already holds, whatever its
//     case ("already present in namespace"; AddAdapter);
//   - waits up to 5 s for the NIC's device, so it refuses a NIC the VM has
//     not hot-added (AddAdapter, through InstanceIDToName).
//
// The world records, besides, an add before the NIC's hot-add (the order
// every platform keeps), an adapter that names no namespace (the agent
// files it under "" and it never reaches the pod) and a NIC filed under
// two namespaces.
//
// Once the namespace's sandbox runs, the add also runs Sync, which fails
// as [Guest.StartSandbox] says; the agent still holds the adapter then.
func (g *Guest) AddAdapter(ctx context.Context, namespaceID, nicID, mac string) error {
	return g.AddLinuxAdapter(ctx, namespaceID, nicID, mac, LinuxNetwork{})
}

// AddLinuxAdapter is [Guest.AddAdapter] with the routes and policy-based
// routing of the adapter document, which the agent configures in the pod
// once its sandbox runs.
func (g *Guest) AddLinuxAdapter(ctx context.Context, namespaceID, nicID, mac string, n LinuxNetwork) error {
	w := g.w
	return w.call(ctx, g.nicCall("guest.ConfigureNIC", nicID), func() error {
		ns, key := strings.ToLower(namespaceID), nicKey(nicID)
		lns := w.linuxNS(ns)
		if slices.ContainsFunc(lns.nics, func(n *linuxNIC) bool { return n.key == key }) {
			return fmt.Errorf("%w: adapter with id %q already present in namespace %q", ErrRefused, nicID, ns)
		}
		onVM, ok := w.vmNICs[key]
		if ok && w.linuxMoved(key) {
			// The device went with the interface into a pod: the agent's
			// namespace no longer shows it.
			return fmt.Errorf("%w: failed to find adapter %s sysfs path: timed out waiting for its device", ErrRefused, key)
		}
		if !ok {
			w.violate("guest.ConfigureNIC %s: the VM has no such NIC (configured before its hot-add, or after its removal)", nicID)
			return fmt.Errorf("%w: failed to find adapter %s sysfs path: timed out waiting for its device", ErrRefused, key)
		}
		if ns == "" {
			w.violate("guest.ConfigureNIC %s: the adapter names no namespace: the agent files it under \"\" and it never reaches the pod", nicID)
		}
		if held := w.guestNICs[key]; held != nil {
			w.violate("guest.ConfigureNIC %s: filed under namespace %q, but the guest holds it in %q already", nicID, ns, held.Namespace)
			return w.recordLinuxAdd(lns, key, n)
		}
		if mac != "" && !strings.EqualFold(mac, onVM.MAC) {
			// The agent does not read the MAC; a document naming another
			// one still describes another NIC.
			w.violate("guest.ConfigureNIC %s: adapter MAC %q, the VM's NIC %q", nicID, mac, onVM.MAC)
		}
		w.guestNICs[key] = &GuestNIC{MAC: onVM.MAC, Configured: true, Namespace: ns}
		return w.recordLinuxAdd(lns, key, n)
	})
}

// RemoveAdapter is a Linux guest's Remove of a NIC (resource type
// Network), which always succeeds (uvm.go, modifyNetwork,
// RequestTypeRemove):
//   - a namespace the agent does not know is logged and skipped
//     (getNetworkNamespace fails, modifyNetwork answers nil);
//   - an adapter ID the namespace does not hold is no error (RemoveAdapter).
//
// So a NIC filed under another namespace stays in the guest, which the
// world records; a removal repeated after one that succeeded is answered
// with success and is no violation, as the agent keeps nothing of it.
func (g *Guest) RemoveAdapter(ctx context.Context, namespaceID, nicID string) error {
	w := g.w
	return w.call(ctx, Call{Manager: GuestCall, Site: "guest.RemoveNIC", Subject: nicID}, func() error {
		ns, key := strings.ToLower(namespaceID), nicKey(nicID)
		held := w.guestNICs[key]
		w.recordLinuxRemove(ns, key)
		switch {
		case held != nil && held.Namespace == ns:
			delete(w.guestNICs, key)
			w.guestRemoved[key] = true
		case held != nil:
			w.violate("guest.RemoveNIC %s: removed from namespace %q, but the guest holds it in %q: the agent answers success and keeps it", nicID, ns, held.Namespace)
		}
		return nil
	})
}
