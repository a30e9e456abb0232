// Package simworld is the one simulated world behind the controller's
// tests: an HCN holding namespaces and endpoints, a Utility VM holding
// hot-added NICs, and a guest holding the NICs and namespaces it was
// given. Its operations change that state as the real platform would and
// enforce the platform's rules (no NIC removed from the VM that is not
// there, no two NICs with one MAC, no guest step on a NIC the VM lacks,
// the namespace last out of the guest); each misuse is recorded as a
// violation and, where the platform would refuse it, refused.
//
// Where the real part decides (accept, refuse), the world answers as it
// does. The Linux guest agent's answers are hcsshim v0.15.0's, each
// citing its source ([Guest.AddAdapter], [Guest.RemoveAdapter]), before
// and after the pod's sandbox starts ([Guest.StartSandbox]); uvmnet's
// checks/realguest holds them to the real agent. The
// Windows guest agent is closed source: for the requests on which guest
// agents differ its answers are chosen ([Answers]): [Strict] and
// [Tolerant] are the two plausible ones, and [Pedantic], the default, is
// for a controller's own tests, refusing and recording each such request.
//
// Every operation is a call: it is recorded, handed to an [Interceptor]
// that may fail it or stop the VM or the guest, and then run. The world
// speaks only hcnmodel and the standard library, not netcore, so that the
// conformance suite and netcore's self-tests (package netcoretest) can
// both build their managers over it: each keeps a thin adapter to
// netcore's interfaces and its own fault vocabulary. It is internal to the
// conformance module: a shim's tests judge a controller through the
// suite, not through the world.
package simworld
