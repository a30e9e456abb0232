// Package guestplatforms is the root of an unpublished module: what both
// guest platforms are measured and checked by alike, kept out of the
// published modules because it takes a *testing.B or *testing.T and no
// shim imports it.
//
//   - podbench: the pod benchmarks (the controller's own cost, Setup and
//     Teardown latency against the critical-path bound, the retained heap
//     of many pods) that `make bench` runs and `make bench-figures` quotes
//     for BENCHMARKS.md;
//   - teardowntest: netcore's error contract, run through a platform's
//     ready managers with the errors hcsshim's transports answer with;
//   - lcow and wcow: both, over netlcow and netwcow.
package guestplatforms
