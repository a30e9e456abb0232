// Package coremock provides gomock mocks of netcore's manager contracts:
// [MockVMNetworkManager], [MockHostNetwork] and [MockCapabilitiesProvider].
// They are generated; edit the interfaces in netcore and run go generate.
package coremock

//go:generate go tool mockgen -typed -write_package_comment=false -destination=netcore_mock.go -package=coremock github.com/uvmnet/uvmnet/netcore VMNetworkManager,HostNetwork,CapabilitiesProvider
