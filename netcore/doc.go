// Package netcore is the platform-neutral core of uvmnet: the controller
// that takes one Hyper-V isolated pod's network from the host network
// service (HCN) into its Utility VM and back out, without leaking a NIC.
//
// A shim builds one [Controller] per pod with [New], from a [Config] whose
// Guest comes from exactly one guest platform module: netlcow (Linux
// guests) or netwcow (Windows guests). netcore supplies the lifecycle, the
// host side and the snapshots both share; a migration destination rebuilds
// the controller with [Import] and binds it with [Controller.Resume].
//
// # Lifecycle
//
// The controller's states and transitions are generated from
// gen/network.fsm, which documents each state and event (see also [State]).
// Each operation moves the controller by one of these events: Setup
// (SetupSucceeded, SetupFailed), Teardown (TeardownSucceeded,
// TeardownFailed, or MigrationTornDown while migrating), Save (Saved),
// Import (Imported), Patch (Patched), Resume (Resumed), ResetAfterMigration
// (ResetSucceeded, ResetFailed) and the hot-plug operations Reconcile,
// AddEndpoint and RemoveEndpoint (HotPlugged, HotPlugStuck). Teardown
// before Setup or after TornDown, and Resume when already Configured,
// succeed and change nothing; any other operation in a state without a row
// for its event fails with a failed-precondition error and changes
// nothing. [State]'s documentation holds the complete table, generated
// from the same file.
//
// Each NIC has a lifecycle of its own, generated from gen/nic.fsm: it
// records how far the NIC's attach got, so that Teardown, after a failure
// at any step, undoes exactly the steps that were done, each once. LCOW
// attaches with VMAdd then GuestConfigure, WCOW with GuestPrepare, VMAdd
// then GuestConfigure; Restore rebuilds an attached NIC from a snapshot.
// Teardown lets the guest go first (GuestRemove), then the VM (VMRemove);
// Abandon drops a NIC that has nothing left to undo or is handed over in a
// migration. Each event is named after the manager it calls: Guest* on
// Config.Guest, VM* on Config.VM; "host" always means HCN (Config.Host).
// [NICDescription] reports the state's name; gen/nic.fsm holds the
// table, and gen/nic.mmd its diagram.
//
// # What a shim gets
//
//   - Setup / Teardown with hcsshim's semantics (eth0 first, WCOW's
//     three-phase NIC add, the guest's namespace capability read once), but
//     leak-free: each NIC is tracked through its own state machine, so a
//     failure at any step, including the WCOW pre-add whose VM hot-add failed,
//     is undone exactly once by Teardown. A failed Teardown leaves the
//     controller Invalid and can be retried; it never repeats a removal that
//     succeeded. A panic in a manager, or a runtime.Goexit (a mock's
//     t.FailNow), reaches the caller, on whatever goroutine it happened, and
//     leaves the controller Invalid with every NIC tracked. A call queued
//     behind another operation gives up when its context ends, changing
//     nothing.
//   - Validation before side effects: every endpoint (GUIDs, namespace
//     membership, MACs, addresses, prefixes, routes, DNS names that could
//     corrupt the guest's resolver lists, encap-overhead policy, and bounded
//     counts of addresses, routes, policies and DNS entries) is checked before
//     the first VM or guest call; errors name the endpoint, field and value
//     and are classed with containerd/errdefs.
//   - Live migration: Save returns an anypb.Any with hcsshim's type URL and
//     payload schema, so a destination running either controller imports it,
//     and refuses, before freezing, anything Import would refuse; [Import]
//     treats the bytes as hostile (bounded before they are decoded) and takes
//     the shim's Tuning. Then Patch(destNamespace), Resume(ctx, vm, host,
//     guest) and ResetAfterMigration. A NIC imported from the source leaves
//     the guest but is never hot-removed by the destination, whichever
//     operation removes it: its host side is the source's.
//   - Hot-plug (beyond hcsshim): on a Configured network, Reconcile(ctx) reads
//     HCN now, attaches new endpoints under fresh NIC IDs, detaches vanished
//     ones, finishes a removal an earlier call left half-done, and leaves the
//     rest alone (no VM or guest call when nothing changed). AddEndpoint /
//     RemoveEndpoint do one endpoint. A replacement is attached only once its
//     predecessor is gone. A failed addition is rolled back, removals that
//     succeeded stay done, the controller stays Configured and returns a
//     [*HotPlugError] naming each failed endpoint; only a failed rollback
//     makes it Invalid. A guest may refuse additions once the pod runs:
//     hcsshim v0.15.0's Linux guest agent refuses every NIC added after the
//     pod's sandbox starts (each add moves every NIC it holds into the pod
//     again and fails on the first; see netlcow's ErrRunningPod, which the
//     hot-plug error then wraps), so on Linux guests additions work only
//     between Setup and the sandbox's start; removal still works. Measured
//     against the real agent by checks/realguest. Guest steps that cannot
//     run some pods refuse them before any VM or guest call ([PodChecker]).
//   - Concurrency (Tuning.Concurrency, default 1 = strict call order):
//     endpoint reads run concurrently, Setup pipelines the attach steps while
//     each step still reaches the VM and guest in eth0-first order, Teardown
//     removes NICs concurrently (each guest-first). BENCHMARKS.md in the
//     repository has the figures.
//   - Observability: OpenTelemetry spans for Setup, Teardown, Reconcile,
//     AddEndpoint, RemoveEndpoint, ResetAfterMigration and every NIC step,
//     with uvmnet.namespace.id, uvmnet.nic.id and uvmnet.endpoint.id
//     attributes and errors recorded (a no-op unless the shim installs a
//     provider or sets Tuning.TracerProvider); Tuning.Observer is called on
//     every state transition (from, event, to, error) for metrics;
//     [Controller.Describe] returns the state and every NIC with its own state
//     for a debug endpoint, at once even while an operation is stuck in a hung
//     VM call; logs go through containerd/log with network-namespace, nic-id
//     and endpoint-id fields.
//
// # Collaborators
//
// The controller calls four narrow interfaces, each documented with who
// implements it: [VMNetworkManager] (the NIC hot-add and hot-remove on the VM),
// [HostNetwork] (HCN reads; on Windows, hcnhost.New from the module
// github.com/uvmnet/uvmnet/hcnhost, the only one that requires hcsshim),
// [CapabilitiesProvider] (asked once), and
// [GuestSteps] (the guest steps, from netlcow or netwcow). Managers wrap
// [ErrGuestUnavailable] or [ErrVMUnavailable] when the guest or the VM is
// gone; the contract, and what each removal then counts as, is stated once
// at [ErrVMUnavailable].
//
// Errors name the namespace, NIC and endpoint IDs, and are classed with
// github.com/containerd/errdefs: bad input is an invalid argument, an
// operation in the wrong state a failed precondition.
package netcore
