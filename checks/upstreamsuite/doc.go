// Package upstreamsuite judges hcsshim's own network controller
// (internal/controller/network, at the version the hcnhost module
// requires) with the conformance suite's Contract profile, as an
// integrator with a controller of their own would.
//
// TestHcsshimControllerUnderTheContract copies the controller from the
// module cache into a temporary module, changing only its build lines and
// import paths: hcsshim's packages it imports become the stand-ins under
// standin/, which forward to the suite's HCN, VM network manager and
// platform guest contract with hcsshim's own types and errors. One file
// of the check's own is added to each copy (StateName, to read the
// state hcsshim keeps unexported). It builds each platform's copy twice,
// as released and with testdata/fixes applied (one edit file per defect,
// named after it), binds both with package subject, runs the Contract
// profile on lcow and on wcow with the strict and the tolerant guest
// answers, and checks that as released the controller fails for its
// known defects and nothing else, each named by a finding, and that with
// the fixes it passes.
//
// It needs hcsshim in the module cache (go mod download fetches it, as
// checks/hcsshimadopt does). Nothing of hcsshim is kept in this
// repository. The module is not published.
package upstreamsuite
