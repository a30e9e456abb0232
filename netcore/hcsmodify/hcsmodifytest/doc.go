// Package hcsmodifytest helps test code that sends modify documents: the
// ready managers of netcore, netlcow and netwcow, and a shim's own.
// [Recorder] stands in for the compute system or the guest connection and
// keeps what it is handed; [AssertWire] compares a document's wire bytes
// with the bytes the real peer expects, written out by hand in the test;
// [CheckMissingTransportsRefused] holds a guest module's wiring to
// netcore's rule on missing transports.
package hcsmodifytest
