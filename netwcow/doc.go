// Package netwcow is the Windows-guest (WCOW) half of uvmnet: it attaches a
// Hyper-V isolated pod's HCN endpoints to its Utility VM and hands the
// pod's HCN namespace and NICs to the Windows guest.
//
// A containerd shim that runs Windows pods in a Utility VM imports this
// module, and not netlcow: there are no build tags, so a shim binary cannot
// be built for the wrong guest, or for none. The lifecycle itself (ordering,
// tracking, teardown, live migration) lives in netcore; this package
// supplies the Windows guest's steps and a [Controller] that wires them in.
//
// # Wiring
//
// The shim supplies four collaborators in a [Config]:
//
//   - VM: hot-adds NICs to the Utility VM (its VM manager, or
//     hcsmodify's ready implementation over the compute-system Modify call);
//   - Host: reads the namespace and endpoints from HCN (hcnhost on Windows);
//   - Guest: a [GuestNetworkManager], its guest manager or [NewGuestManager]
//     over the guest connection's Modify call;
//   - Capabilities: whether the guest agent accepts namespace add requests.
//
// # Lifecycle
//
//	ctrl, err := netwcow.New(cfg)  // NotConfigured
//	err = ctrl.Setup(ctx)          // guest AddNetworkNamespace (if supported), then
//	                               // for each endpoint, eth0 first:
//	                               //   guest PreAdd, host hot-add, guest Add
//	...
//	err = ctrl.Teardown(ctx)       // for each NIC: guest Remove, host remove;
//	                               // then guest RemoveNetworkNamespace
//
// A NIC whose pre-add reached the guest is removed from the guest on
// Teardown even if its hot-add failed.
//
// For live migration the source calls Save; the destination calls [Import],
// Patch, then [Controller.Resume] with its own managers.
package netwcow
