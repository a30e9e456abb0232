package hcsmodify

// RequestType says what a modify request does to its resource.
type RequestType string

// Request types used by pod networking.
const (
	RequestTypeAdd    RequestType = "Add"
	RequestTypeRemove RequestType = "Remove"
)

// ResourceType names the kind of guest resource a [GuestRequest] targets.
type ResourceType string

// Guest resource types used by pod networking.
const (
	// ResourceTypeNetwork targets one guest NIC.
	ResourceTypeNetwork ResourceType = "Network"
	// ResourceTypeNetworkNamespace targets the guest's copy of the HCN
	// namespace (Windows guests only).
	ResourceTypeNetworkNamespace ResourceType = "NetworkNamespace"
)

// ModifySettingRequest is the HCS modify document a [ComputeSystem] takes.
// A host-side change (such as a NIC hot-add) sets ResourcePath and
// Settings; on the legacy guest route a guest-side change sets
// GuestRequest, which HCS forwards to the guest agent. Fields are omitted
// when empty because HCS treats a present field as a request for that half
// of the change.
type ModifySettingRequest struct {
	ResourcePath string      `json:"ResourcePath,omitempty"`
	RequestType  RequestType `json:"RequestType,omitempty"`
	Settings     interface{} `json:"Settings,omitempty"`
	GuestRequest interface{} `json:"GuestRequest,omitempty"`
}

// GuestRequest is a guest modification request: what the guest agent
// reads, sent bare on the guest connection or, on the legacy route, as the
// GuestRequest of a [ModifySettingRequest]. Settings is the resource's own
// document, which differs between Linux and Windows guests; the guest
// modules build it. The field order is the wire order.
type GuestRequest struct {
	RequestType  RequestType  `json:"RequestType,omitempty"`
	ResourceType ResourceType `json:"ResourceType,omitempty"`
	Settings     interface{}  `json:"Settings,omitempty"`
}

// networkAdaptersPath is where HCS keeps a VM's NICs in its resource tree.
const networkAdaptersPath = "VirtualMachine/Devices/NetworkAdapters/"

// NetworkAdapterPath is the HCS resource path of the Utility VM NIC nicID.
func NetworkAdapterPath(nicID string) string {
	return networkAdaptersPath + nicID
}
