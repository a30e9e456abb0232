// Package hcsmodify speaks the two transports a pod network needs and the
// documents that travel on them:
//
//   - the Utility VM's [ComputeSystem], which takes HCS modify documents
//     ([ModifySettingRequest]): the NIC hot-add and hot-remove, sent by
//     [VMNetwork], a ready [netcore.VMNetworkManager];
//   - the [GuestConnection] to the guest agent, which takes bare guest
//     requests ([GuestRequest]).
//
// A [GuestRoute] says how guest requests reach the guest: bare on the guest
// connection ([ViaGuestConnection], what a current shim uses), or wrapped in
// a modify document's GuestRequest through the compute system
// ([ViaComputeSystem], the legacy route). The guest modules netlcow and
// netwcow build their ready guest managers over a route, so the envelope
// and the wire names live in one place.
//
// The package deliberately does not import hcsshim: the documents are plain
// JSON structs, the transports are small interfaces that hcsshim's compute
// system and guest connection satisfy as they are, and so the exact bytes
// are pinned by tests that run on any OS.
package hcsmodify
