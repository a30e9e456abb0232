// Package simworld is the one simulated world behind the controller's
// tests: an HCN holding namespaces and endpoints, a Utility VM holding
// hot-added NICs, and a guest holding the NICs and namespaces it was
// given. Its operations change that state as the real platform would and
// enforce the platform's rules (no NIC removed that is not there, no two
// NICs with one MAC, no guest step on a NIC the VM lacks, the namespace
// last out of the guest); each misuse is recorded as a violation and, where
// the platform would refuse it, refused.
//
// Every operation is a call: it is recorded, handed to an [Interceptor]
// that may fail it or stop the VM or the guest, and then run. The world
// speaks only hcnmodel and the standard library, not netcore, so that
// netcore's in-package tests and the conformance suite can both build
// their managers over it: each keeps a thin adapter to netcore's
// interfaces and its own fault vocabulary.
package simworld
