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
package netlcow
