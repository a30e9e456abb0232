// Package lcow is the conformance suite's platform for Linux guests (netlcow). It
// imports only the Linux guest module, so a Linux-guest shim running the
// suite never links the Windows one.
//
// [Platform] is the suite's half for these guests; [Uvmnet] is uvmnet's
// own controller as the subject:
//
//	func TestNetworkConformance(t *testing.T) {
//		conformance.Run(t, lcow.Platform(), lcow.Uvmnet())
//	}
package lcow
