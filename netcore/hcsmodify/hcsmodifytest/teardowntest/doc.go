// Package teardowntest holds a guest platform's ready managers to netcore's
// error contract with the errors hcsshim's transports really answer with
// (built by package hcsmodifytest): [CheckTeardownErrors] runs a two-NIC
// Teardown that meets a gone VM, a gone guest agent or an ordinary failure
// at each of its calls, on both guest routes. It takes a *testing.T, so it
// is for _test.go files only; hcsmodifytest itself links no test
// framework.
package teardowntest
