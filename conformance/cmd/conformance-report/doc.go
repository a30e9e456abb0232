// Command conformance-report runs the conformance suite for both guest
// platforms, Linux (LCOW) and Windows (WCOW), and prints one table: each
// scenario by platform, route and concurrency ("lcow/c1", "lcow/wire-conn/c8",
// "wcow/wire-cs/c1", ...), pass or FAIL with the fault points it
// exercised, then every failure in full, the faults injected per call
// site and per kind, and last a line "N passed, N failed". It exits 1
// when any scenario failed (the reliability/... scenarios do on a
// controller that does not meet them yet). `make conformance` runs it.
//
// Usage:
//
//	conformance-report [-seed N] [-steps N]
//
// -seed fixes the seed of the random sequences (default: $CONFORMANCE_SEED,
// else the clock), to replay a failure the report printed; a malformed
// $CONFORMANCE_SEED is an error (exit 2).
package main
