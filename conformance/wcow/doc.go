// Package wcow binds the conformance suite to Windows guests (netwcow). It
// imports only the Windows guest module, so a Windows-guest shim running
// the suite never links the Linux one.
//
//	func TestNetworkConformance(t *testing.T) {
//		conformance.Run(t, wcow.Binding())
//	}
package wcow
