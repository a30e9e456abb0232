// Package netlcow is the Linux-guest (LCOW) half of uvmnet: it attaches a
// Hyper-V isolated pod's HCN endpoints to its Utility VM and configures them
// inside the pod's Linux network namespace.
//
// A containerd shim that runs Linux pods in a Utility VM imports this
// module, and not netwcow: there are no build tags, so a shim binary cannot
// be built for the wrong guest, or for none. The lifecycle itself (ordering,
// tracking, teardown, live migration) lives in netcore; this package
// supplies the Linux guest's steps and a [Controller] that wires them in.
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
//	ctrl, err := netlcow.New(cfg)  // NotConfigured
//	err = ctrl.Setup(ctx)          // for each endpoint, eth0 first:
//	                               //   host hot-add, then guest AddNetworkInterface
//	...
//	err = ctrl.Teardown(ctx)       // for each NIC: guest remove, then host remove
//
// The guest steps run only when the guest accepts namespace add requests;
// otherwise the NICs are hot-added and the guest configures them itself. No
// namespace is ever added to a Linux guest: the pod's pause container owns
// it.
//
// For live migration the source calls Save; the destination calls [Import],
// Patch, then [Controller.Resume] with its own managers.
package netlcow
