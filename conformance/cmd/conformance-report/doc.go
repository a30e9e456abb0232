// Command conformance-report runs the conformance suite for both guest
// platforms, Linux (LCOW) and Windows (WCOW), and prints one table: each
// scenario by platform, pass or FAIL with the fault points it exercised,
// then every failure in full, and last a line "N passed, N failed". It
// exits 1 when any scenario failed. `make conformance` runs it.
//
// Usage:
//
//	conformance-report [-seed N] [-steps N]
//
// -seed fixes the seed of the random sequences (default: $CONFORMANCE_SEED,
// else the clock), to replay a failure the report printed.
package main
