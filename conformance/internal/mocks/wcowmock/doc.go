// Package wcowmock provides a gomock mock of netwcow's guest contract,
// [MockGuestNetworkManager]. It imports only the Windows guest module, so a
// Linux-guest shim never links it. Generated; run go generate after the
// interface changes.
package wcowmock

//go:generate go tool mockgen -typed -write_package_comment=false -destination=netwcow_mock.go -package=wcowmock github.com/uvmnet/uvmnet/netwcow GuestNetworkManager
