// Package wcow is the conformance suite's platform for Windows guests (netwcow). It
// imports only the Windows guest module, so a Windows-guest shim running
// the suite never links the Linux one.
//
// [Platform] is the suite's half for these guests; [Uvmnet] is uvmnet's
// own controller as the subject:
//
//	func TestNetworkConformance(t *testing.T) {
//		conformance.Run(t, wcow.Platform(), wcow.Uvmnet())
//	}
package wcow
