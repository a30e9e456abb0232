package simworld

import (
	"context"
	"fmt"
	"strings"

	"github.com/containerd/errdefs"
)

// HCS is closed source, so the VM's refusals are only those a correct
// controller can never meet: a resource path (NIC ID) already in use, one
// never added, and a second NIC with a MAC already on the VM. Everything
// else it dislikes it accepts and records as a violation, for the
// scenario to report as a misuse rather than as a refusal a controller
// would have to handle.

// AddNIC hot-adds a NIC to the VM. The VM refuses a NIC it already has
// and a MAC already on one of its NICs; it records, besides, an adapter
// whose endpoint HCN lacks or whose MAC is not the endpoint's.
func (w *World) AddNIC(ctx context.Context, nicID string, a Adapter) error {
	c := Call{Manager: VMCall, Site: "vm.AddNIC", Subject: nicID, Args: []string{a.EndpointID, a.MAC}}
	return w.call(ctx, c, func() error {
		key := nicKey(nicID)
		if _, dup := w.vmNICs[key]; dup {
			w.violate("vm.AddNIC %s: NIC already attached to the VM", nicID)
			return fmt.Errorf("sim: vm.AddNIC %s: %w", nicID, errdefs.ErrAlreadyExists)
		}
		ep, ok := w.endpoints[a.EndpointID]
		if !ok {
			w.violate("vm.AddNIC %s: endpoint %s not in HCN", nicID, a.EndpointID)
			return fmt.Errorf("sim: vm.AddNIC %s: endpoint %s: %w", nicID, a.EndpointID, errdefs.ErrNotFound)
		}
		if a.MAC != ep.MacAddress {
			w.violate("vm.AddNIC %s: MAC %q, but endpoint %s has %q", nicID, a.MAC, ep.Id, ep.MacAddress)
		}
		for id, on := range w.vmNICs {
			if on.EndpointID == a.EndpointID {
				w.violate("vm.AddNIC %s: endpoint %s already attached as NIC %s", nicID, a.EndpointID, id)
			}
			if strings.EqualFold(on.MAC, a.MAC) {
				// Two NICs with one MAC break the guest's addressing: the
				// VM refuses the second.
				w.violate("vm.AddNIC %s: MAC %s already on the VM as NIC %s (endpoint %s): no two NICs with one MAC, ever", nicID, a.MAC, id, on.EndpointID)
				return fmt.Errorf("sim: vm.AddNIC %s: MAC %s in use by NIC %s: %w", nicID, a.MAC, id, errdefs.ErrAlreadyExists)
			}
		}
		w.vmNICs[key] = a
		w.nicEndpoints[key] = a.EndpointID
		w.hotAddOrder = append(w.hotAddOrder, a.EndpointID)
		return nil
	})
}

// RemoveNIC hot-removes a NIC from the VM. The VM refuses a NIC it does
// not have (never added, removed twice, or a migration source's); it
// records, besides, an adapter other than the one the NIC was added with
// and a NIC the guest still holds.
func (w *World) RemoveNIC(ctx context.Context, nicID string, a Adapter) error {
	c := Call{Manager: VMCall, Site: "vm.RemoveNIC", Subject: nicID, Args: []string{a.EndpointID}}
	return w.call(ctx, c, func() error {
		key := nicKey(nicID)
		attached, ok := w.vmNICs[key]
		switch {
		case w.sourceNICs[key] != (Adapter{}):
			w.violate("vm.RemoveNIC %s: hot-removed a NIC the migration source attached: it is not this VM's to remove", nicID)
			return fmt.Errorf("sim: vm.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
		case !ok && w.vmRemoved[key]:
			w.violate("vm.RemoveNIC %s: NIC removed twice", nicID)
			return fmt.Errorf("sim: vm.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
		case !ok:
			w.violate("vm.RemoveNIC %s: NIC removed without having been added", nicID)
			return fmt.Errorf("sim: vm.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
		}
		if a != attached {
			w.violate("vm.RemoveNIC %s: adapter %+v, but the NIC was added as %+v", nicID, a, attached)
		}
		if g, held := w.guestNICs[key]; held {
			w.violate("vm.RemoveNIC %s: hot-removed while the guest still holds it (configured=%v): the guest must let go first", nicID, g.Configured)
		}
		delete(w.vmNICs, key)
		w.vmRemoved[key] = true
		return nil
	})
}

// SeedVMNIC puts a NIC on the VM without a call, as a controller before
// this one left it.
func (w *World) SeedVMNIC(nicID string, a Adapter) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.vmNICs[nicKey(nicID)] = a
	w.nicEndpoints[nicKey(nicID)] = a.EndpointID
}

// HandOverVM completes a migration of the VM: its NICs were the source
// host's devices, bound to the source's endpoints; the guest keeps them,
// the destination's VM does not, and the destination may remove their
// guest side only.
func (w *World) HandOverVM() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for id, a := range w.vmNICs {
		w.sourceNICs[id] = a
		delete(w.vmNICs, id)
	}
}
