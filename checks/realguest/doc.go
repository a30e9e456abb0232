// Package realguest makes hcsshim's real Linux guest agent the judge of
// uvmnet's Linux-guest (LCOW) path.
//
// Its test takes hcsshim, at the version the hcnhost module requires, from
// the module cache, copies it to a temporary directory and
//
//   - ports the host side of the guest connection (internal/gcs and the
//     few packages it needs) to Linux with the edits in port_test.go,
//     failing if a Windows-only build line or import is left;
//   - adds the files under testdata/tree: the harness package
//     internal/uvmnetcheck, and two small files that let the harness start
//     the pod's sandbox network as the agent's container creation does;
//   - points the copy's go.mod at uvmnet's modules in this tree, and at the
//     cosesign1go stand-in of checks/hcsshimadopt;
//   - builds the harness's test binary and runs it, as root, in private
//     mount and network namespaces (a tmpfs over /sys/bus stands in for
//     the Utility VM's device tree), so the machine's own network and
//     devices are never touched.
//
// The harness runs the real guest agent (internal/guest/bridge and
// internal/guest/runtime/hcsv2, wired as cmd/gcs wires them) in process,
// talks to it over a socket pair through the real host-side guest
// connection, and drives it with uvmnet's controller on both guest routes.
// Elsewhere than Linux, or not as root, the test skips and says why.
// Nothing of hcsshim is kept in this repository; the module is not
// published.
package realguest
