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
//
// # Errors
//
// The ready managers built here ([NewVMNetwork], and the guest managers of
// netlcow and netwcow over either route) read hcsshim's own transport
// errors and keep netcore's error contract by themselves, reading what
// hcsshim's own network controller reads, with errors.Is semantics (an
// error's own Is method counts, as it does for hcsshim):
//
//   - from the compute system, "compute system not found" (0xc037010e),
//     "already stopped" (0xc0370110) or a closed handle wraps
//     netcore.ErrVMUnavailable;
//   - "element not found" (0x490), "operation invalid in this state"
//     (0xc0370105) and "process already stopped" (0x8037011f) do so at a
//     removal only, where hcsshim counts them as gone too: a live VM may
//     answer them, so an add that meets them is an ordinary failure and
//     never says the VM is unavailable;
//   - from the guest connection, a closed bridge (net.ErrClosed, which
//     hcsshim's bridge-closed error wraps, alone or with the cause) or a
//     guest manager without a connection wraps netcore.ErrGuestUnavailable.
//
// Nothing more: HCS_E_INVALID_STATE (0x80370105) and every guest agent
// answer stay failures. Each error says what was observed, the HRESULT
// when there is one, and the call; the transport's error stays in the
// chain.
//
// # The legacy route
//
// On the legacy route a guest request travels alone: a modify document
// holding only the GuestRequest, next to, not inside, the NIC hot-add or
// hot-remove. hcsshim's UtilityVM sends one combined document per NIC step
// instead (the resource change and the GuestRequest together). uvmnet
// keeps the split form, on purpose:
//
//   - HCS accepts both: it applies a document's resource change, if any,
//     and forwards its GuestRequest, if any;
//   - hcsshim itself sends guest-request-only documents on that route, for
//     the guest namespace and for the Windows guest's NIC pre-add;
//   - one form serves both routes: the controller's steps are the same
//     calls on the guest connection and through the compute system, so
//     each step succeeds or fails alone and Teardown knows which half is
//     done;
//   - hcsshim's combined Windows-guest removal carries a GuestRequest with
//     no ResourceType, which its own Windows guest-side handling does not
//     treat as a network request; the split form sends the same bare
//     request, ResourceType included, on both routes.
//
// So the legacy route's documents are not byte-identical to hcsshim's, and
// nothing here or in the conformance suite claims they are; the guest
// connection's documents and the NIC hot-add and hot-remove are.
package hcsmodify
