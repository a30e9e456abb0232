// Package netlcow is the Linux-guest (LCOW) half of uvmnet: the guest steps
// that configure a Hyper-V isolated pod's NICs inside its Linux network
// namespace, the guest contract they drive, a ready guest manager, and the
// adapter document the guest agent reads.
//
// A containerd shim that runs Linux pods in a Utility VM imports this
// module, and not netwcow: there are no build tags, so a shim binary cannot
// be built for the wrong guest, or for none. The lifecycle itself
// (ordering, tracking, teardown, live migration) is netcore's Controller;
// this package supplies its Guest:
//
//	ctrl, err := netcore.New(netcore.Config{
//		NamespaceID:  podNamespaceID,
//		VM:           hcsmodify.NewVMNetwork(computeSystem),
//		Host:         host, // from hcnhost.New() (github.com/uvmnet/uvmnet/hcnhost) on a Windows host
//		Guest:        netlcow.NewGuestSteps(netlcow.NewGuestManager(guestConnection)),
//		Capabilities: guestCapabilities,
//	})
//
// [NewGuestManager] sends each request bare on the shim's guest connection,
// the route of a current shim; [NewLegacyGuestManager] sends it through the
// compute system for HCS to forward. A shim with network methods of its own
// implements [GuestNetworkManager] instead.
//
// # Lifecycle
//
//	Setup:    for each endpoint, eth0 first: VM hot-add, then guest add (the adapter)
//	Teardown: for each NIC: guest remove, then VM hot-remove
//
// The guest steps run only when the guest accepts namespace add requests;
// otherwise the NICs are hot-added and the guest configures them itself. No
// namespace is ever added to a Linux guest: the pod's pause container owns
// it.
//
// # What hcsshim's Linux guest agent does with the adapters
//
// hcsshim v0.15.0's agent records each adapter and, once the pod's sandbox
// container starts, moves every adapter it holds into the pod and
// configures its addresses and routes. Measured against the real agent
// (uvmnet's checks/realguest), that has three consequences uvmnet acts on:
//
//   - a NIC added after the sandbox started is refused: the hot-plug error
//     wraps [ErrRunningPod], and the agent is told to forget the refused
//     NIC; hot-plug works only between Setup and the sandbox's start;
//   - a pod two of whose routes land in one routing table with one
//     destination and metric (two default routes without policy-based
//     routing, or a third NIC's default route with it) never starts:
//     [CheckRoutes] refuses it in Setup, and a hot-plug that would make
//     one, before any VM or guest call;
//   - a removal only makes the agent forget the NIC; the interface leaves
//     the pod with the VM's hot-remove, which the controller sends next.
package netlcow
