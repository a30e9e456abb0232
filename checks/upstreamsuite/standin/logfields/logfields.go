// Package logfields stands in for hcsshim's internal/logfields: the field
// names the network controller logs under.
package logfields

// The field names the controller uses.
const (
	Namespace               = "namespace"
	GuestNetworkNamespaceID = "guest-network-namespace-id"
	MigratedNamespaceID     = "migrated-namespace-id"
)
