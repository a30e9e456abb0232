// Package lcowmock provides a gomock mock of netlcow's guest contract,
// [MockGuestNetworkManager]. It imports only the Linux guest module, so a
// Windows-guest shim never links it. Generated; run go generate after the
// interface changes.
package lcowmock

//go:generate go tool mockgen -typed -write_package_comment=false -destination=netlcow_mock.go -package=lcowmock github.com/uvmnet/uvmnet/netlcow GuestNetworkManager
