// Package hcsmodify speaks the Host Compute Service "modify" protocol that a
// pod network needs: the documents that hot-add and hot-remove a Utility VM
// NIC, the envelope that carries a request on to the guest, and
// [VMNetwork], a ready [netcore.VMNetworkManager] built on them.
//
// A shim that has no VM network manager of its own hands its compute-system
// Modify call to [NewVMNetwork] and passes the result to the controller.
// The LCOW and WCOW guest modules build their guest documents from the same
// envelope types, so the wire names live in one place.
//
// The package deliberately does not import hcsshim: the documents are plain
// JSON structs, the transport is the one-method [Modifier], and so the exact
// bytes sent to HCS are pinned by golden tests that run on any OS.
package hcsmodify
