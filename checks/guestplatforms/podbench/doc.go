// Package podbench holds the benchmarks both guest platforms share, so
// that LCOW and WCOW are measured the same things the same way: the
// controller's own cost ([BenchmarkOverhead]), Setup and Teardown latency
// against the critical-path bound ([BenchmarkLatency], [Bounds]) and the
// retained heap of many pods ([BenchmarkScale]). The packages lcow and
// wcow of this module run them over netlcow's and netwcow's guest steps.
//
// It takes a *testing.B and lives in an unpublished module: no shim
// imports it. The cheap doubles it runs on are netcore/nettest's (an
// in-memory HCN and a VM that accepts every NIC); the latency it models
// ([Sleep] and the delaying wrappers) is its own.
package podbench
