// Package conformance is the conformance suite of pod-network controllers
// for Hyper-V isolated containers: anyone building one (a shim wiring
// uvmnet's controller, a wrapper around it, or a controller of their own)
// checks it against what the real system requires, in the spirit of
// testing/fstest.TestFS.
//
// The thing under test is the argument. From a _test.go file, one call
// runs every scenario of a platform against a subject, each as a
// subtest, and reports every misbehaviour found:
//
//	func TestPodNetworkConformance(t *testing.T) {
//		conformance.Run(t, lcow.Platform(), conformance.Subject[netlcow.GuestNetworkManager]{
//			New: func(pod conformance.Pod[netlcow.GuestNetworkManager]) (conformance.Controller, error) {
//				return newShimPodNetwork(pod) // your controller
//			},
//		})
//	}
//
// conformance.Run(t, lcow.Platform(), lcow.Uvmnet()) checks uvmnet's own
// controller (wcow.Platform and wcow.Uvmnet on Windows guests).
//
// [Suite] holds the settings (seed, random sequence length, scenarios by
// name, the Extensions profile); [Check] and [Suite.Check] run without
// the testing package and return a [Report] per run: data, which the
// conformance-report command (conformance/cmd/conformance-report) renders
// as a summary, a matrix or an HTML page. [Catalogue] lists every
// scenario (conformance-report -list). A random sequence that parts from
// the model is reported as its [Divergence]: the seed, the step that
// diverged and the [DivergenceTail] steps before it, the whole trace in
// the result (and, under Run with go test -v, in the test's log).
// $CONFORMANCE_SEED replays the random sequences of a report; a value
// that is not a non-zero integer is an error.
//
// A controller that does not return within a scenario's bound (30 s)
// fails that scenario, the call it is stuck in named; the rest of the
// binding is reported at once as not run ([Result.NotRun]), so a
// deadlocked controller ends the run in about that bound.
//
// # Profiles
//
// Every finding belongs to a [Profile]. The [Contract], which Run checks,
// is what the real system (HCS, HCN and hcsshim's guest agents) requires;
// it leaves free what they leave free, such as the order of removals
// across NICs or a Teardown that re-reads HCN. [Extensions] are uvmnet's
// own choices (errdefs classes, its earlier snapshot type URL,
// deterministic Save bytes, one strict call order at concurrency 1),
// checked with Suite.Extensions and reported apart: a contract scenario
// that also checks an extension has one result per profile.
//
// Every Contract rule names where the real system requires it (hcsshim's
// source, or what its Linux guest agent answers); a rule none backs is an
// Extension. Two examples of the difference: a VM call on a context that
// already ended is a violation, as HCS may still apply it
// (internal/vmcompute/vmcompute.go starts the call and returns ctx.Err()),
// while a guest call on one is not, as hcsshim's bridge refuses it unsent
// (internal/gcs/bridge.go, AsyncRPC); a Linux guest NIC removal repeated
// is no violation, as the agent answers it with success, while a VM
// hot-remove repeated is.
//
// # Findings
//
// A scenario's first finding is its root; what followed from it is
// folded under it ("and 5 follow-on findings"), so one defect counts
// once. A panic in the controller under test reads "the controller
// panicked in Teardown: <value>, at <first frame outside the suite>"; a
// call a gomock manager expected and never got reads as the contract step
// the controller skipped.
//
// # Platforms, subjects and capabilities
//
// A [Platform], typed by its guest contract G, is the suite's half: a
// gomock G, a guest agent over the simulator, the calls G must receive,
// the wire run; the Windows one runs the suite under each answer of the
// closed-source agent. A [Subject] of the same G is the controller under
// test: [Subject.New] builds it from what a shim holds (a [Pod]: namespace
// ID, policy-based routing, VM network manager, HCN reader, the typed
// guest, the guest's namespace capability, options; [Pod.Config] is all of
// it as a netcore.Config), and [Capabilities] says what it supports
// beyond Setup and Teardown: hot-plug ([HotPlugger]), migration
// ([Migrator] and Subject.Import), NIC IDs from the suite's generator,
// concurrency above 1, an observer. A scenario that needs more than the
// subject declares is not applicable, a third outcome counted apart from
// passed and failed, and random sequences draw only declared operations.
// So is a fault matrix with nothing to fault; one whose fault-free run
// skips work the contract requires fails. Subject.Wrap decorates
// controllers from New and Import alike. [Bind] pairs the two for
// [Suite.Run] and [Suite.Check].
//
// # What it checks
//
// Scenarios run at concurrency 1 and, where declared, 8; with the guest's
// namespace capability on and off; over 0 to 3 endpoints, the primary
// ("..._eth0") last in HCN order. Their names, "c<concurrency>/<family>/
// <cell>", group into families:
//
//   - contract/...: gomock managers expect, with exact arguments, the calls
//     of Setup, Teardown, migration and hot-plug, in the orders the
//     contract keeps (strict-order/... is the Extensions' one order), and
//     the lifecycle rules (what each state refuses);
//   - state/...: a simulator of HCN, the Utility VM and the guest, behind
//     the platform's guest contract, checks what is left, not only what
//     was called, and how many calls were in flight at once;
//   - faults/...: every call an operation makes fails in turn (an error,
//     the guest or the VM gone, the context cancelled), then, in
//     faults/second/..., what cleans up after it fails too; nothing may
//     leak and no removal may repeat; on the wire, faults/gone-shapes/...
//     answers every call with each of hcsshim's gone-error shapes for its
//     transport and each answer that must not count as gone;
//   - reliability/...: panicking managers, same-MAC replacement, migration
//     destinations, half-done removals, endpoints outside the namespace or
//     vanishing while read; and, in the Extensions, uvmnet's own promises:
//     an Observer that panics, a manager that ends its goroutine with
//     runtime.Goexit, callers queued behind a hung operation giving up
//     when their context ends;
//   - input/...: bad and hostile input (every endpoint field class, a
//     namespace document of another namespace) judged by its
//     consequences: refused or not, nothing outlives Teardown and no call
//     targets another pod's namespace (refusal before any VM or guest
//     call is an Extension); and the valid edges (/32, /128, colon-form
//     MACs) accepted;
//   - failure/...: no attach step after a failed one, Teardown trying
//     every removal past failures, the state after a failed rollback,
//     guest-unavailable at a VM call not counted as done, every gone-error
//     kind at every reset call, an endpoint vanishing during Setup;
//   - migration/... and order/...: hostile snapshots (an imported one
//     torn down before Resume makes no call; refusing them, and malformed
//     Patch IDs, is an Extension), hot-plug after ResetAfterMigration, NIC
//     IDs that do not sort in attach order;
//   - extension/...: errdefs classes on refusals, the snapshot bound, the
//     concurrency limit reached and never exceeded (Extensions only);
//   - random/...: seeded random sequences of the declared operations and
//     faults against a reference model.
//
// When the platform has a [WireGuest], the state, fault, reliability and
// random scenarios run again through hcsmodify's VM manager and the
// platform's ready guest manager, over a simulated compute system and
// guest connection that read the JSON bytes as HCS and the guest agents
// do: on the guest connection ("wire-conn/...") and on the legacy compute
// system route ("wire-cs/..."). The simulated parts behave as hcsshim's
// own do, each rule citing where in hcsshim's source it comes from: HCS
// reads its documents by exact key and accepts a resource change and a
// GuestRequest alone or combined; the Linux guest agent reads as
// encoding/json does, removes what it does not hold without complaint and
// refuses a second add; the guest connection's bridge goes down with the
// VM; a gone VM or guest answers with hcsshim's own error shapes (the
// compute system's SystemError holding an HRESULT, the bridge's closed
// connection), which the ready managers must read. The Windows guest agent
// is closed source, so wcow.Platform runs it with strict and with tolerant
// answers, and a controller must pass under both. The call-contract
// scenarios run only through the interfaces.
package conformance
