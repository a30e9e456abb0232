// Package hcsmodifytest helps test code that sends HCS modify documents:
// the ready managers of netcore, netlcow and netwcow, and a shim's own.
// [Recorder] stands in for the compute system or guest connection and
// keeps what it is handed; [AssertGolden] pins a document's wire form in a
// golden file.
package hcsmodifytest
