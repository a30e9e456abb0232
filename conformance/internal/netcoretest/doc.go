// Package netcoretest holds the self-tests of uvmnet's own controller
// (netcore) on the suite's simulated world (package simworld): setup,
// teardown, hot-plug, reconcile, migration, concurrency, cancellation and
// observation, each against the platform's rules as the simulated HCN,
// Utility VM and guest agents enforce them. They live beside the world
// they need, which is internal to the conformance module; netcore keeps
// its white-box tests (the snapshot's bytes, Save's refusals) on a
// fixture of its own. The package holds tests only.
package netcoretest
