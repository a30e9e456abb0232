package netcore

import "cmp"

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
		HostNamespaceID:         c.pod.NamespaceID,
		GuestNamespace:          v.guestNamespace,
		GuestNamespaceSupported: c.pod.GuestNamespaceSupported,
		PolicyBasedRouting:      c.pod.PolicyBasedRouting,
		NICs:                    make([]NICDescription, len(v.nics)),
	}
	if m := v.migration; m != nil {
		d.HostNamespaceID = cmp.Or(m.hostNamespaceID, d.HostNamespaceID)
		d.PendingNamespaceID = m.pendingNamespaceID
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
	nics []*nic
	// migration holds the namespaces a migration recorded; nil, and not
	// allocated, for a pod that never migrated.
	migration      *viewMigration
	guestNamespace bool
}

// viewMigration is the part of a view only a migration sets.
type viewMigration struct {
	// hostNamespaceID is set once ResetAfterMigration moved the NICs to
	// the destination's namespace.
	hostNamespaceID    string
	pendingNamespaceID string
}

// publish makes the controller's current state what Describe reports.
// Only the holder of the lock calls it (and the constructors, before the
// controller is shared): at each state transition, and wherever the NIC
// list or the namespaces change between transitions. A view equal to the
// one published is not published again: the state itself is read apart,
// so most transitions change nothing here, and each view is an
// allocation.
func (c *Controller) publish() {
	nics := c.nics[:len(c.nics):len(c.nics)]
	cur := c.view.Load()
	if cur != nil && cur.guestNamespace == c.guestNamespace && sameList(cur.nics, nics) && cur.migration.is(c.hostNamespace, c.migratedNamespaceID) {
		return
	}
	if len(nics) == 0 && !c.guestNamespace && c.hostNamespace == "" && c.migratedNamespaceID == "" {
		c.view.Store(&emptyView)
		return
	}
	v := &view{nics: nics, guestNamespace: c.guestNamespace}
	if c.hostNamespace != "" || c.migratedNamespaceID != "" {
		v.migration = &viewMigration{hostNamespaceID: c.hostNamespace, pendingNamespaceID: c.migratedNamespaceID}
	}
	c.view.Store(v)
}

// emptyView is the view of a controller with nothing to show, shared by
// every such controller: a view is never changed once published.
var emptyView view

// is reports whether m records host and pending, a nil m recording none.
func (m *viewMigration) is(host, pending string) bool {
	if m == nil {
		return host == "" && pending == ""
	}
	return m.hostNamespaceID == host && m.pendingNamespaceID == pending
}

// sameList reports whether a and b are one list: the same elements of the
// same array. The list only grows beyond a view's length or is rebuilt,
// so a view of the same array and length holds the same NICs.
func sameList(a, b []*nic) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
