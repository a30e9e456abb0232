// Command conformance-report runs the conformance suite against uvmnet's
// bindings for both guest platforms, Linux (LCOW) and Windows (WCOW), in
// both profiles (the Contract and uvmnet's Extensions), and prints a
// summary that fits a 100-column terminal: per binding, scenario family
// and profile, how many results passed, failed and were not applicable;
// then every failure in full; and last a line "N passed, N failed, N not
// applicable". It exits 1 when any scenario failed. `make conformance`
// runs it.
//
// Usage:
//
//	conformance-report [-seed N] [-steps N] [-extensions=false] [-matrix] [-html FILE]
//
// -seed fixes the seed of the random sequences (default: $CONFORMANCE_SEED,
// else the clock), to replay a failure the report printed; a malformed
// $CONFORMANCE_SEED is an error (exit 2). -extensions=false checks the
// Contract alone. -matrix prints the full matrix instead of the summary:
// every scenario by platform, route and concurrency ("lcow/c1",
// "lcow/wire-conn/c8", ...), with the faults injected per call site and
// per kind. -html writes a self-contained HTML page of every cell, its
// failures expandable, for a CI artifact.
package main
