// Package hcsmodifytest helps test code that sends modify documents: the
// ready managers of netcore, netlcow and netwcow, and a shim's own.
// [Recorder] stands in for the compute system or the guest connection and
// keeps what it is handed; [AssertWire] compares a document's wire bytes
// with the bytes the real peer expects, written out by hand in the test;
// [CheckMissingTransportsRefused] holds a guest module's wiring to
// netcore's rule on missing transports.
//
// The errors hcsshim's transports answer with ([VMGoneErrors],
// [GuestGoneErrors], [OrdinaryErrors] and their parts) are built here in
// hcsshim's shapes, without hcsshim, so a test can hand them to a ready
// manager on any OS; the unpublished module checks/guestplatforms runs
// netcore's error contract with them through netlcow's and netwcow's ready
// managers on both routes.
package hcsmodifytest
