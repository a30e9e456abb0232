// Package upstreamsuite judges hcsshim's own network controller
// (internal/controller/network, at the version the hcnhost module
// requires) with the conformance suite's Contract profile, as an
// integrator with a controller of their own would.
//
// TestHcsshimControllerUnderTheContract copies the controller from the
// module cache into a temporary module, changing only its build lines and
// import paths: hcsshim's packages it imports become the stand-ins under
// standin/, which forward to the suite's HCN, VM network manager and
// platform guest contract with hcsshim's own types and errors. Two files
// of the check's own are added to each copy (testdata/added: StateName, to
// read the state hcsshim keeps unexported, and Platform, which builds,
// imports and resumes the copy for package subject). The copies are built
// as released, with every fix of testdata/fixes (one edit file per
// defect, named after it) and with every fix but one; package subject
// binds each, and testdata/runner runs the Contract profile on lcow and on
// wcow with the strict and the tolerant guest answers. As released the
// controller must fail, without a fix the defect it fixes must be named by
// a root finding (defects_test.go lists each with its place in hcsshim's
// source), every failure as released must be one of those, and with every
// fix nothing may fail.
//
// It needs hcsshim in the module cache (go mod download fetches it, as
// checks/hcsshimadopt does). Nothing of hcsshim is kept in this
// repository. The module is not published.
package upstreamsuite
