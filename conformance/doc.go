// Package conformance is the conformance suite of uvmnet's pod-network
// controllers, exported so that anyone building on them (a shim, a guest
// platform binding, a decorated or re-implemented manager) can prove the
// lifecycle still holds, in the spirit of testing/fstest.TestFS.
//
// From a _test.go file, one call runs every scenario for a platform, each
// as a subtest, and reports every misbehaviour found:
//
//	import (
//		"testing"
//
//		"github.com/uvmnet/uvmnet/conformance"
//		"github.com/uvmnet/uvmnet/conformance/lcow" // or conformance/wcow
//	)
//
//	func TestPodNetworkConformance(t *testing.T) {
//		conformance.Run(t, lcow.Binding())
//	}
//
// [Check] runs the same scenarios without the testing package and returns
// a [Report]; `make conformance` prints one for both platforms. A
// $CONFORMANCE_SEED that is not a non-zero integer fails Run and makes
// Check return an error.
//
// # What it checks
//
// Every scenario runs once per concurrency in [Concurrencies]
// (netcore.Tuning.Concurrency 1, the strict one-call-at-a-time order, and
// 8), with the guest's namespace capability on and off and with 0 to 3
// endpoints, the primary ("...eth0") placed last in HCN order. Subtests
// are named "c<concurrency>/<scenario>", and the report has one column per
// platform and concurrency; the wire run (below) adds
// "wire-conn/c<concurrency>/<scenario>" and "wire-cs/c<concurrency>/..."
// and a column for each.
//
//   - contract: gomock managers (package mocks) expect, with exact
//     arguments, the calls of Setup, Teardown, Save, Import, Patch, Resume,
//     ResetAfterMigration and hot-plug, including the documents that reach
//     the guest. Every controller, a migration destination's too, draws
//     its NIC IDs from the suite's generator (through Tuning.NewNICID), so
//     every call names its NIC exactly. With Concurrency 1 the calls must
//     come in exactly one order; with 8 the exact set of calls is still
//     required, in the orders the option keeps: one operation's phases in
//     turn (reads, the guest namespace added before any NIC and removed
//     after all, removals before additions), each NIC's own steps in order
//     (on removal the guest before the host), and each attach step
//     reaching the VM or guest in endpoint order, eth0 first;
//   - state: a simulator (the simulator: an HCN, a Utility VM with its NICs, a
//     guest with its NICs and namespaces, behind the platform's real guest
//     contract) checks what is left, not only what was called: the VM
//     receives the NICs in endpoint order, the guest configures exactly
//     the NICs the VM has, and no more calls are in flight at once than
//     the controller's Concurrency allows. Its managers are safe for
//     concurrent calls and yield inside each, so calls a controller makes
//     at once really overlap;
//   - faults: every call Setup or Teardown makes fails in turn (an error,
//     the guest gone, the VM gone, the context cancelled), and a (retried)
//     Teardown must still leave nothing attached and remove nothing twice.
//     A second-fault matrix (faults/second/...) then fails Setup and, in
//     turn, each call of the Teardown after it, and a Reconcile's attach
//     and each call of its rollback: the retried Teardown must still leave
//     nothing.
//     With Concurrency 1 a fault hits the i-th call and a cancellation
//     lands just before it, so it must never be made; with 8 the order
//     varies between runs, so a fault hits a call by what it is (its site
//     and its NIC, endpoint or namespace) and a cancellation lands while
//     that call is in flight, while calls elsewhere may still be in flight
//     too;
//   - hot-plug: on a Configured pod, HCN gains two endpoints and loses one.
//     Reconcile must detach the vanished one before attaching the new ones
//     with the platform's steps under fresh NIC IDs, leave the others
//     alone, and make no VM or guest call when nothing changed; AddEndpoint
//     and RemoveEndpoint must do one endpoint, do nothing for one already
//     attached, refuse a malformed ID (invalid argument) and an unknown or
//     detached endpoint (not found), and a removal that failed part-way
//     must resume on retry without repeating what was done. Every call
//     such a Reconcile, an AddEndpoint and a RemoveEndpoint make fails in
//     turn, as above: a failed addition must be rolled back, removals that
//     succeeded stay removed, the controller stay Configured with a
//     *netcore.HotPlugError naming the endpoint (Invalid only if a
//     rollback failed), a retry converge and Teardown leave nothing;
//   - random: seeded random sequences of operations (hot-plug and HCN
//     changes included) and faults against the simulator and a reference
//     model that knows which endpoints the VM must carry; a failure prints
//     its seed, and $CONFORMANCE_SEED replays it. The operations are drawn
//     from a weighted table (random.go), and each sequence ends with a
//     Teardown that must leave nothing;
//   - wire: when the binding has a [WireGuest], the state, fault,
//     second-fault, reliability and random scenarios run again through the
//     ready stack a shim uses: hcsmodify's VM manager and the platform's
//     ready guest manager, on the guest connection route and on the legacy
//     compute system route, over a simulated compute system and guest
//     connection that marshal what they are handed and read the bytes as
//     HCS and the guest agents do (the adapter's resource path and GUID
//     NIC ID; the guest request's keys RequestType, ResourceType, Settings
//     in that order; known request and resource types; each platform's
//     settings read strictly). One VM stands behind both transports: when
//     it is gone, both report netcore.ErrVMUnavailable;
//   - reliability (reliability/...): rules the controller is held to
//     beyond one fault per operation: a manager that panics (the panic
//     reaches the caller, the controller is Invalid and Teardown leaves
//     nothing), an endpoint replaced by one with the same MAC while the
//     old one's removal fails (the new one is not attached: never two NICs
//     with one MAC), a migration destination's Teardown (never a hot-remove
//     of a source NIC), a half-done removal resumed by Reconcile or
//     AddEndpoint, AddEndpoint of an endpoint in no namespace (refused),
//     and an endpoint deleted between HCN's listing and its read (counted
//     as gone). Run them by name: go test -run 'TestConformance/.*/reliability/'.
//
// A panic fault is injected wherever the manager call runs, on a
// goroutine the controller started too: the controller must carry it back
// to the operation's caller.
//
// The report counts the faults injected at each call site ("setup
// vm.AddNIC", "reconcile guest.RemoveNIC", ...) and of each kind ("error",
// "panic", "error+error" for a second fault after a first) in each
// column.
//
// # Bindings
//
// A [Binding] is a plain struct of funcs: how a controller is built
// (netcore.New unless overridden), how the platform's guest steps are put
// in front of a gomock mock, of the simulator and of the wire, and how
// each abstract guest step appears on the platform's guest contract. The
// bindings live in their own packages, each importing only its platform's
// module. To check a different wiring (your shim's controller factory,
// your managers decorating the suite's), copy a binding and override the
// fields that differ.
package conformance
