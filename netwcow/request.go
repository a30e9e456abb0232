package netwcow

// RequestType is the phase of a guest NIC request. A Windows guest learns
// of a NIC in three steps: a pre-add carrying the endpoint, before the host
// hot-adds the device; an add once the device is present; and a remove.
type RequestType string

// The NIC request phases, spelled as on the wire.
const (
	// RequestTypePreAdd announces a NIC, with its endpoint, before its
	// hot-add.
	RequestTypePreAdd RequestType = "PreAdd"
	// RequestTypeAdd completes a NIC once the VM has hot-added it.
	RequestTypeAdd RequestType = "Add"
	// RequestTypeRemove makes the guest let go of a NIC.
	RequestTypeRemove RequestType = "Remove"
)

// NetworkModifyRequest is the settings document of a guest NIC request: the
// NIC, the phase, and (for a pre-add) the HCN endpoint behind it. The JSON
// names are the wire names; empty fields are omitted.
type NetworkModifyRequest struct {
	// AdapterId is the NIC's ID in the VM; the name keeps the wire spelling.
	AdapterId string `json:"AdapterId,omitempty"`
	// RequestType is the phase.
	RequestType RequestType `json:"RequestType,omitempty"`
	// Settings is the HCN endpoint (*hcnmodel.Endpoint) on a pre-add; on
	// add and remove a nil *hcnmodel.Endpoint, sent as null.
	Settings interface{} `json:"Settings,omitempty"`
}
