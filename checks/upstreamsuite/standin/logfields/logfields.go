package logfields

// The field names the controller uses.
const (
	Namespace               = "namespace"
	GuestNetworkNamespaceID = "guest-network-namespace-id"
	MigratedNamespaceID     = "migrated-namespace-id"
)
