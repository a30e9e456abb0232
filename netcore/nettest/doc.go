// Package nettest provides cheap stand-ins for the controller's host-side
// collaborators, for benchmarks, examples and tests that want the real
// controller without a Windows host: an in-memory HCN ([Host]), a VM that
// accepts every NIC ([NopVM]), and wrappers that make every call take a
// fixed time ([DelayVM], [DelayHost]) to model a real host's latency.
//
// They check nothing and record nothing; for call contracts and fault
// injection use the conformance module's mocks and simulator.
package nettest
