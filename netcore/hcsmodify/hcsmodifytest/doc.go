// Package hcsmodifytest helps test code that sends modify documents: the
// ready managers of netcore, netlcow and netwcow, and a shim's own.
// [Recorder] stands in for the compute system or the guest connection and
// keeps what it is handed; [AssertWire] compares a document's wire bytes
// with the bytes the real peer expects, written out by hand in the test.
//
// The errors hcsshim's transports answer with ([VMGoneErrors],
// [GuestGoneErrors], [OrdinaryErrors] and their parts) are built here in
// hcsshim's shapes, without hcsshim, so a test can hand them to a ready
// manager on any OS; [CheckTeardownErrors] runs netcore's error contract
// with them through a guest platform's ready managers on both routes.
package hcsmodifytest
