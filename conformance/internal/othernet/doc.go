// Package othernet is a second pod-network controller, written apart from
// netcore's and on purpose unlike it, that keeps the contract of the real
// system (HCN, the Utility VM's compute system and the guest agents). The
// conformance suite's self-tests run it to prove that the suite checks that
// contract and not uvmnet's own choices: a controller that is correct but
// different must pass the contract.
//
// Where it differs from netcore's controller, by design:
//   - it attaches one NIC at a time and has no tuning: no concurrency, no
//     observer, no tracing;
//   - it has no hot-plug;
//   - its snapshots are encoded by its own code, in hcsshim's format, and
//     Import takes only hcsshim's type URL;
//   - its errors are plain, wrapping the cause but never classed with
//     errdefs;
//   - it keeps a slice of records, one per NIC with the steps done, rather
//     than a state machine per NIC;
//   - Teardown removes the NICs last-attached first, and reads the
//     namespace again from HCN before removing it from a Windows guest;
//   - a Windows pre-add whose hot-add failed is undone at once, in Setup.
//
// What it keeps, because the real system requires it: every endpoint read
// and checked before the first VM or guest call, eth0 first, the Windows
// pre-add, hot-add, add order, the guest letting go of a NIC before the VM
// hot-removes it, the guest namespace in before the NICs and out after them,
// a removal from a VM or guest that is gone counted as done, and a Teardown
// that can be retried and never repeats a removal that succeeded; on a
// migration destination, the guest lets go of the source's NICs but their
// VM side, the source host's, is never hot-removed.
package othernet
