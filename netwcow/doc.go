// Package netwcow is the Windows-guest (WCOW) half of uvmnet: the guest
// steps that hand a Hyper-V isolated pod's HCN namespace and NICs to its
// Windows guest, the guest contract they drive, a ready guest manager, and
// the NIC request document the guest agent reads.
//
// A containerd shim that runs Windows pods in a Utility VM imports this
// module, and not netlcow: there are no build tags, so a shim binary cannot
// be built for the wrong guest, or for none. The lifecycle itself
// (ordering, tracking, teardown, live migration) is netcore's Controller;
// this package supplies its Guest:
//
//	ctrl, err := netcore.New(netcore.Config{
//		NamespaceID:  podNamespaceID,
//		VM:           hcsmodify.NewVMNetwork(computeSystem),
//		Host:         host, // from hcnhost.New() (github.com/uvmnet/uvmnet/hcnhost) on a Windows host
//		Guest:        netwcow.NewGuestSteps(netwcow.NewGuestManager(guestConnection)),
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
//	Setup:    guest namespace add (if supported), then for each endpoint,
//	          eth0 first: guest PreAdd, VM hot-add, guest Add
//	Teardown: for each NIC: guest Remove, VM hot-remove; then guest
//	          namespace remove
//
// A NIC whose pre-add reached the guest is removed from the guest on
// Teardown even if its hot-add failed.
package netwcow
