package netcore

// Description is a point-in-time view of a controller, for a shim's debug
// endpoint: its state and every NIC it tracks with the NIC's own state.
type Description struct {
	State State
	// NamespaceID is the pod's namespace as the guest knows it.
	NamespaceID string
	// HostNamespaceID is the HCN namespace whose endpoints the NICs carry;
	// it differs from NamespaceID after a migration reset.
	HostNamespaceID string
	// PendingNamespaceID is the destination namespace recorded by Patch and
	// not yet applied by ResetAfterMigration.
	PendingNamespaceID string
	// GuestNamespace says whether the namespace is added to the guest.
	GuestNamespace bool
	// GuestNamespaceSupported is the guest capability read at New.
	GuestNamespaceSupported bool
	PolicyBasedRouting      bool
	// NICs lists the tracked NICs in attach order.
	NICs []NICDescription
}

// NICDescription is one tracked NIC.
type NICDescription struct {
	ID           string
	EndpointID   string
	EndpointName string
	MacAddress   string
	// State is the name of the NIC's state in the NIC lifecycle of the
	// package doc (gen/nic.fsm), e.g. Configured: how far its attach got.
	// The NIC machine is internal to netcore, so a shim gets the name
	// rather than a typed value.
	State string
}

// Describe returns a copy of the controller's state that the caller may
// keep; it shares nothing with the controller.
func (c *Controller) Describe() Description {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := Description{
		State:                   c.State(),
		NamespaceID:             c.pod.NamespaceID,
		HostNamespaceID:         c.hostNamespaceID(),
		PendingNamespaceID:      c.migratedNamespaceID,
		GuestNamespace:          c.guestNamespace,
		GuestNamespaceSupported: c.pod.GuestNamespaceSupported,
		PolicyBasedRouting:      c.pod.PolicyBasedRouting,
		NICs:                    make([]NICDescription, len(c.nics)),
	}
	for i, n := range c.nics {
		d.NICs[i] = NICDescription{
			ID:           n.info.ID,
			EndpointID:   n.info.Endpoint.Id,
			EndpointName: n.info.Endpoint.Name,
			MacAddress:   n.info.Endpoint.MacAddress,
			State:        n.state.String(),
		}
	}
	return d
}
