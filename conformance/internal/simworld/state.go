package simworld

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// What the VM and the guest hold, read without a call, for a test's
// end-state checks.

// VMNICs returns the NICs on the VM, by lower-cased NIC ID.
func (w *World) VMNICs() map[string]Adapter {
	w.mu.Lock()
	defer w.mu.Unlock()
	return maps.Clone(w.vmNICs)
}

// GuestNICs returns the NICs the guest holds, by lower-cased NIC ID.
func (w *World) GuestNICs() map[string]GuestNIC {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make(map[string]GuestNIC, len(w.guestNICs))
	for id, n := range w.guestNICs {
		out[id] = *n
	}
	return out
}

// GuestNamespaces returns the IDs of the namespaces in the guest, sorted.
func (w *World) GuestNamespaces() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(maps.Keys(w.guestNS))
}

// Attached describes what the VM and the guest still hold, or "" when
// they hold nothing.
func (w *World) Attached() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var parts []string
	if len(w.vmNICs) > 0 {
		parts = append(parts, fmt.Sprintf("VM NICs %v", slices.Sorted(maps.Keys(w.vmNICs))))
	}
	if len(w.guestNICs) > 0 {
		parts = append(parts, fmt.Sprintf("guest NICs %v", slices.Sorted(maps.Keys(w.guestNICs))))
	}
	if len(w.guestNS) > 0 {
		parts = append(parts, fmt.Sprintf("guest namespaces %v", slices.Sorted(maps.Keys(w.guestNS))))
	}
	return strings.Join(parts, ", ")
}

// Holdings counts what the VM and the guest hold.
func (w *World) Holdings() (vmNICs, guestNICs, guestNamespaces int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.vmNICs), len(w.guestNICs), len(w.guestNS)
}

// HotAdded returns the endpoints of the NICs hot-added so far, in the
// order the VM received them.
func (w *World) HotAdded() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.hotAddOrder)
}

// VMEndpoints returns the endpoint IDs the VM's NICs carry, sorted.
func (w *World) VMEndpoints() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var ids []string
	for _, a := range w.vmNICs {
		ids = append(ids, a.EndpointID)
	}
	slices.Sort(ids)
	return ids
}

// EndpointOf returns the endpoint behind a NIC the VM or the guest was
// given, or "".
func (w *World) EndpointOf(nicID string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.nicEndpoints[nicKey(nicID)]
}

// NICOf returns the ID of the VM NIC carrying the endpoint, or "".
func (w *World) NICOf(endpointID string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	for id, a := range w.vmNICs {
		if a.EndpointID == endpointID {
			return id
		}
	}
	return ""
}

// Mismatch describes the NICs that are on the VM but not configured in
// the guest, or in the guest but not on the VM, leaving out those behind
// the endpoints in except; "" when the two agree.
func (w *World) Mismatch(except []string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(w.vmNICs)) {
		if slices.Contains(except, w.nicEndpoints[id]) {
			continue
		}
		if g := w.guestNICs[id]; g == nil || !g.Configured {
			parts = append(parts, fmt.Sprintf("NIC %s (endpoint %s) is on the VM but not configured in the guest", id, w.nicEndpoints[id]))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(w.guestNICs)) {
		if _, on := w.vmNICs[id]; !on && !slices.Contains(except, w.nicEndpoints[id]) {
			parts = append(parts, fmt.Sprintf("NIC %s (endpoint %s) is in the guest but not on the VM", id, w.nicEndpoints[id]))
		}
	}
	return strings.Join(parts, "; ")
}

// VMNICIDs returns the IDs of the NICs on the VM, lower-cased and sorted.
func (w *World) VMNICIDs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(maps.Keys(w.vmNICs))
}

// GuestNICIDs returns the IDs of the NICs the guest holds, lower-cased and
// sorted.
func (w *World) GuestNICIDs() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Sorted(maps.Keys(w.guestNICs))
}
