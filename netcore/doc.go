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
// nothing. The complete table:
//
//	stategen:begin network
//	initial  NotConfigured
//	terminal TornDown
//
//	NotConfigured         --SetupSucceeded-->     Configured
//	NotConfigured         --SetupFailed-->        Invalid
//	NotConfigured         --Imported-->           DestinationMigrating
//
//	Configured            --TeardownSucceeded-->  TornDown
//	Configured            --TeardownFailed-->     Invalid
//	Configured            --Saved-->              SourceMigrating
//	Configured            --ResetSucceeded-->     Configured
//	Configured            --ResetFailed-->        Invalid
//	Configured            --HotPlugged-->         Configured
//	Configured            --HotPlugStuck-->       Invalid
//
//	Invalid               --TeardownSucceeded-->  TornDown
//	Invalid               --TeardownFailed-->     Invalid
//
//	SourceMigrating       --Saved-->              SourceMigrating
//	SourceMigrating       --Resumed-->            Configured
//	SourceMigrating       --MigrationTornDown-->  TornDown
//
//	DestinationMigrating  --Patched-->            DestinationMigrating
//	DestinationMigrating  --Resumed-->            Configured
//	DestinationMigrating  --MigrationTornDown-->  TornDown
//	stategen:end network
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
// [NICDescription] reports the state's name.
//
//	stategen:begin nic
//	initial  Planned
//	terminal Removed
//
//	Planned        --GuestPrepare-->    GuestPrepared
//	Planned        --VMAdd-->           VMAttached
//	Planned        --Restore-->         Configured
//	Planned        --Abandon-->         Removed
//
//	GuestPrepared  --VMAdd-->           AwaitingGuest
//	GuestPrepared  --GuestRemove-->     Removed
//	GuestPrepared  --Abandon-->         Removed
//
//	AwaitingGuest  --GuestConfigure-->  Configured
//	AwaitingGuest  --GuestRemove-->     VMAttached
//	AwaitingGuest  --Abandon-->         Removed
//
//	VMAttached     --GuestConfigure-->  Configured
//	VMAttached     --VMRemove-->        Removed
//	VMAttached     --Abandon-->         Removed
//
//	Configured     --GuestRemove-->     VMAttached
//	Configured     --Abandon-->         Removed
//	stategen:end nic
//
// # Beyond Setup and Teardown
//
// A Configured network can change while the pod runs: [Controller.Reconcile]
// brings it in line with HCN, [Controller.AddEndpoint] and
// [Controller.RemoveEndpoint] change one endpoint; a failed addition is
// rolled back and the network stays Configured. A guest may refuse
// additions once the pod runs: hcsshim v0.15.0's Linux guest agent
// refuses every NIC added after the pod's sandbox starts (see netlcow's
// ErrRunningPod), so on Linux guests additions work only between Setup
// and the sandbox's start. Guest steps that cannot run some pods refuse
// them before any VM or guest call ([PodChecker]). [Tuning] sets how many
// manager calls may be in flight, an observer of every state transition,
// and the tracer provider for the spans of every operation and NIC step.
// [Controller.Describe] reports the state and every NIC for a debug
// endpoint without waiting for an operation in progress. A call waiting
// for another operation gives up when its context ends.
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
