// Package nettest provides cheap stand-ins for the controller's host-side
// collaborators, for benchmarks, examples and tests that want the real
// controller without a Windows host: an in-memory HCN ([Host]) and a VM
// that accepts every NIC ([NopVM]).
//
// They check nothing and record nothing, and the package does not import
// testing, so a shim may build with them (a non-Windows build of its
// wiring, say) without linking the test framework. The benchmarks netlcow
// and netwcow share run on them from the unpublished module
// checks/guestplatforms.
//
// The simulated world that does check and record (an HCN, a Utility VM
// and guest agents that keep state, refuse what the real ones would refuse
// and take injected faults) is internal to the conformance module, where
// the suite and the controller's self-tests run on it.
package nettest
