// Package netcore is the platform-neutral core of uvmnet: the controller
// that takes one Hyper-V isolated pod's network from the host network
// service (HCN) into its Utility VM and back out, without leaking a NIC.
//
// A shim does not use this package alone. It imports exactly one guest
// platform module, netlcow (Linux guests) or netwcow (Windows guests),
// whose New returns a ready controller; netcore supplies the lifecycle, the
// host side and the snapshots both share.
//
// # Lifecycle
//
// The controller's states and transitions are generated from
// gen/network.fsm (see [State] for the full table):
//
//	                 Setup ok               Teardown ok
//	NotConfigured ───────────▶ Configured ─────────────▶ TornDown
//	   │      │ Setup fails       │  ▲  │ Teardown fails     ▲
//	   │      └──────────▶ Invalid ◀──┼──┘ (retry Teardown) ──┘
//	   │ Import          Save │  │ Resume
//	   ▼                      ▼  │
//	DestinationMigrating   SourceMigrating
//	   │ Resume ─▶ Configured     │ Teardown ─▶ TornDown (handed over)
//	   │ Teardown ─▶ TornDown (nothing removed)
//
// Each NIC has a lifecycle of its own, generated from gen/nic.fsm (see
// [NICState]): it records how far the NIC's attach got, so that Teardown,
// after a failure at any step, undoes exactly the steps that were done,
// each once:
//
//	LCOW: Planned ─HostAdd─▶ HostAttached ─GuestConfigure─▶ Configured
//	WCOW: Planned ─GuestPrepare─▶ GuestPrepared ─HostAdd─▶ AwaitingGuest ─GuestConfigure─▶ Configured
//	undo: guest lets go first (GuestRemove), then the VM (HostRemove) ─▶ Removed
//
// # Beyond Setup and Teardown
//
// A Configured network can change while the pod runs: [Controller.Reconcile]
// brings it in line with HCN, [Controller.AddEndpoint] and
// [Controller.RemoveEndpoint] change one endpoint; a failed addition is
// rolled back and the network stays Configured. [Tuning] sets how many
// manager calls may be in flight, an observer of every state transition,
// and the tracer provider for the spans of every operation and NIC step.
// [Controller.Describe] reports the state and every NIC for a debug
// endpoint.
//
// # Collaborators
//
// The controller calls four narrow interfaces, each documented with who
// implements it: [VMNetworkManager] (host NIC hot-add and hot-remove),
// [HostNetwork] (HCN reads), [CapabilitiesProvider] (asked once), and
// [GuestSteps] (the guest steps, from netlcow or netwcow). Managers wrap
// [ErrGuestUnavailable] or [ErrVMUnavailable] when the guest or the VM is
// gone; Teardown then counts the removal as done.
//
// Errors name the namespace, NIC and endpoint IDs, and are classed with
// github.com/containerd/errdefs: bad input is an invalid argument, an
// operation in the wrong state a failed precondition.
package netcore
