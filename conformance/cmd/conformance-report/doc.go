// Command conformance-report runs the conformance suite against uvmnet's
// own controller on both guest platforms and renders what the suite
// returns (conformance.Report, plain data): the conformance library
// prints nothing itself. `make conformance` runs it; `-h` gives its
// flags, exit codes and examples.
//
// It renders three ways, so that a broken controller's report is read
// rather than scrolled:
//
//   - the summary (the default), within 100 columns: counts per binding,
//     family and profile, then each failing family once, its first
//     failure and the names of the others;
//   - the matrix (-matrix): every scenario in every column, the faults
//     injected per call site and kind, every failure;
//   - the HTML page (-html FILE), for a CI artifact: the failures first,
//     each linked to its cell in the matrix below (and back), a checkbox
//     that shows only the rows that failed (CSS, no script), the scenario
//     column and the header kept in view, fitting a 1400-pixel window.
//
// A random sequence that diverged shows everywhere as its seed, the step
// that diverged and the conformance.DivergenceTail steps before it; the
// page has its whole trace one click away.
package main
