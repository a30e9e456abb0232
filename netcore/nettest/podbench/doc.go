// Package podbench holds the benchmarks netlcow and netwcow share, so that
// both guest platforms measure the same things the same way: the
// controller's own cost ([BenchmarkOverhead]), Setup and Teardown latency
// against the critical-path bound ([BenchmarkLatency], [Bounds]) and the
// retained heap of many pods ([BenchmarkScale]).
//
// It takes a *testing.B, so it imports testing, and it is meant for
// _test.go files only; the cheap doubles it runs on are in nettest, which
// a production build may import.
package podbench
