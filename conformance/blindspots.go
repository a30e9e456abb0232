package conformance

// The blind-spot scenarios check what the matrix above them could not
// see: bad and hostile input, calls made after a failure, a Teardown that
// gives up early, the concurrency limit, NIC IDs out of order, "guest
// unavailable" from a VM call, an endpoint vanishing during Setup, a
// rollback that fails, hostile snapshots, a bad Patch ID and hot-plug
// after a migration reset. Each is named for what it checks; those under
// "extension/" check uvmnet's own promises (errdefs classes, the
// concurrency limit of Tuning, the snapshot bound, and hostile input,
// snapshots and Patch IDs refused before any VM or guest call), the
// others the contract every controller keeps: for hostile input and
// snapshots, their consequences (nothing leaks, no call targets another
// pod's namespace), as neither HCS, HCN nor the guest agents ask the
// controller to refuse them. They run through the simulator only:
// what they check does not depend on the wire.

