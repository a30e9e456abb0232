// Package lcow binds the conformance suite to Linux guests (netlcow). It
// imports only the Linux guest module, so a Linux-guest shim running the
// suite never links the Windows one.
//
//	func TestNetworkConformance(t *testing.T) {
//		conformance.Run(t, lcow.Binding())
//	}
package lcow
