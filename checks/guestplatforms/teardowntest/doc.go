// Package teardowntest holds a guest platform's ready managers to
// netcore's error contract with the errors hcsshim's transports really
// answer with (built by the published package hcsmodifytest):
// [CheckTeardownErrors] runs a two-NIC Teardown that meets a gone VM, a
// gone guest agent or an ordinary failure at each of its calls, on both
// guest routes. The packages lcow and wcow of this module run it over
// netlcow's and netwcow's ready managers. It takes a *testing.T and lives
// in an unpublished module; hcsmodifytest itself links no test framework.
package teardowntest
