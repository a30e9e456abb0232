// Package hcsshimadopt checks the adoption path of ADOPTING.md: that
// uvmnet replaces hcsshim's own network controller in hcsshim's V2 shim,
// and that the ready transports read exactly hcsshim's errors.
//
// Its tests take hcsshim, at the version the hcnhost module requires, from
// the module cache:
//
//   - TestGlueBuildsInHcsshim copies it to a temporary directory, applies
//     the glue (testdata/glue, files added to hcsshim's tree) and the
//     call-site changes, points its go.mod at uvmnet's modules in this
//     tree, and builds and vets the affected packages for windows, with
//     the lcow and with the wcow build tag. It needs the module proxy and
//     several minutes, so it runs only with UVMNET_HCSSHIM_ADOPT=1 (make
//     hcsshim-adopt, part of make ci);
//   - TestReadyTransportsReadHcsshimsErrors reads hcsshim's source for the
//     errors its network controller counts as gone, builds each, and sends
//     it through uvmnet's ready managers;
//   - TestAdoptingShowsTheGlue holds ADOPTING.md to the glue it compiles.
//
// hcsshim's security-policy package imports github.com/Microsoft/cosesign1go
// v1.7.0, which the module proxy refuses to serve; testdata/cosesign1go is
// a type-check-only stand-in for it, declaring what hcsshim uses, so the
// whole shim builds. Nothing of hcsshim is kept in this repository. The
// package has tests only; the module is not published.
package hcsshimadopt
