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
//		conformance.Run(t, lcow.Platform())
//	}
//
// [Check] runs the same scenarios without the testing package and returns
// a [Report]; `make conformance` prints one for both platforms.
//
// # What it checks
//
// Every scenario runs with the guest's namespace capability on and off and
// with 0 to 3 endpoints, the primary ("...eth0") placed last in HCN order:
//
//   - contract: gomock managers (package mocks) expect, strictly in order
//     and with exact arguments, the calls of Setup, Teardown, Save, Import,
//     Patch, Resume and ResetAfterMigration, including the documents that
//     reach the guest;
//   - state: a simulator ([Sim]: an HCN, a Utility VM with its NICs, a
//     guest with its NICs and namespaces, behind the platform's real guest
//     contract) checks what is left, not only what was called;
//   - faults: every call Setup or Teardown makes fails in turn (an error,
//     the guest gone, the VM gone, the context cancelled before it), and a
//     (retried) Teardown must still leave nothing attached and remove
//     nothing twice;
//   - hot-plug: on a Configured pod, HCN gains two endpoints and loses one;
//     Reconcile must detach the vanished one before attaching the new ones
//     and make no VM or guest call when nothing changed; AddEndpoint and
//     RemoveEndpoint must do one endpoint, idempotently where promised;
//     every call such a Reconcile makes fails in turn, and the failed
//     attach must be rolled back, the controller stay Configured, a retry
//     converge and Teardown leave nothing;
//   - concurrency: the contract, state, fault and hot-plug scenarios run
//     again with Tuning.Concurrency 8. Calls and end states must not
//     change; the contract then checks only the orders the option keeps
//     (the phases of an operation, each NIC's own steps, each attach step
//     across the NICs in endpoint order), and the fault matrix injects
//     plain errors, since which call comes i-th varies between runs;
//   - random: seeded random sequences of operations and faults against the
//     simulator and a reference model; a failure prints its seed, and
//     $CONFORMANCE_SEED replays it.
//
// # Platforms
//
// A [Platform] says how to build a controller for one guest and how each
// abstract guest step appears on that guest's contract. The bindings live
// in their own packages, each importing only its platform's module. To
// check a different wiring (your shim's controller factory, your managers
// decorating the suite's), wrap a binding and override what differs.
package conformance
