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
// keep; it shares nothing with the controller. It never waits, even while
// an operation is stuck in a hung VM or guest call: it reports the
// controller as the operation in progress last left it, each NIC at the
// last step it completed.
func (c *Controller) Describe() Description {
	v := c.view.Load()
	d := Description{
		State:                   c.State(),
		NamespaceID:             c.pod.NamespaceID,
		HostNamespaceID:         v.hostNamespaceID,
		PendingNamespaceID:      v.pendingNamespaceID,
		GuestNamespace:          v.guestNamespace,
		GuestNamespaceSupported: c.pod.GuestNamespaceSupported,
		PolicyBasedRouting:      c.pod.PolicyBasedRouting,
		NICs:                    make([]NICDescription, len(v.nics)),
	}
	for i, n := range v.nics {
		d.NICs[i] = NICDescription{
			ID:           n.info.ID,
			EndpointID:   n.info.Endpoint.Id,
			EndpointName: n.info.Endpoint.Name,
			MacAddress:   n.info.Endpoint.MacAddress,
			State:        n.current().String(),
		}
	}
	return d
}

// view is the part of a controller's state that the operation holding
// the lock changes and Describe reads without it. A NIC's identity never
// changes and its state is read atomically, so the view holds the NICs
// themselves, and shares the controller's list: the list only grows at
// its end, beyond the view's length, and is rebuilt rather than changed
// in place when NICs leave it, so publishing costs nothing per NIC.
type view struct {
	hostNamespaceID    string
	pendingNamespaceID string
	guestNamespace     bool
	nics               []*nic
}

// publish makes the controller's current state what Describe reports.
// Only the holder of the lock calls it (and the constructors, before the
// controller is shared): at each state transition, and wherever the NIC
// list or the namespaces change between transitions.
func (c *Controller) publish() {
	c.view.Store(&view{
		hostNamespaceID:    c.hostNamespaceID(),
		pendingNamespaceID: c.migratedNamespaceID,
		guestNamespace:     c.guestNamespace,
		nics:               c.nics[:len(c.nics):len(c.nics)],
	})
}
