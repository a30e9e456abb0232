package guestresource

import (
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/hcn"
	"github.com/uvmnet/uvmnet/netlcow"
)

// LCOWNetworkAdapter is the guest's LCOW adapter document.
type LCOWNetworkAdapter = netlcow.Adapter

// BuildLCOWNetworkAdapter builds the adapter of one NIC from its endpoint.
func BuildLCOWNetworkAdapter(namespaceID, nicID string, endpoint *hcn.HostComputeEndpoint, policyBasedRouting bool) (*LCOWNetworkAdapter, error) {
	return netlcow.BuildAdapter(namespaceID, nicID, endpoint, policyBasedRouting)
}
