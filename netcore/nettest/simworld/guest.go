package simworld

import (
	"context"
	"errors"
	"fmt"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// ErrRejected classes a guest request the simulated guest refused as
// malformed.
var ErrRejected = errors.New("sim: guest request rejected")

// Guest is the simulated guest, in terms of netcore's abstract guest
// steps: platform adapters translate their guest requests to these. Each
// step enforces what a guest would: no NIC configured before the VM has
// it, nothing removed that is not there, no namespace removed before its
// NICs.
type Guest struct{ w *World }

// Guest returns the world's guest.
func (w *World) Guest() *Guest { return &Guest{w} }

// AddNamespace adds the namespace to the guest.
func (g *Guest) AddNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	w := g.w
	return w.call(ctx, Call{Manager: GuestCall, Site: "guest.AddNamespace", Subject: nsID(ns)}, func() error {
		if ns == nil || ns.Id == "" {
			return g.reject("guest.AddNamespace: no namespace document")
		}
		if _, known := w.namespaces[ns.Id]; !known {
			w.violate("guest.AddNamespace %s: not a namespace HCN knows", ns.Id)
		}
		if w.guestNS[ns.Id] {
			w.violate("guest.AddNamespace %s: namespace added twice", ns.Id)
		}
		if len(w.guestNICs) > 0 {
			w.violate("guest.AddNamespace %s: added after NICs reached the guest", ns.Id)
		}
		w.guestNS[ns.Id] = true
		return nil
	})
}

// RemoveNamespace removes the namespace from the guest.
func (g *Guest) RemoveNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	w := g.w
	return w.call(ctx, Call{Manager: GuestCall, Site: "guest.RemoveNamespace", Subject: nsID(ns)}, func() error {
		if ns == nil || ns.Id == "" {
			return g.reject("guest.RemoveNamespace: no namespace document")
		}
		if !w.guestNS[ns.Id] {
			w.violate("guest.RemoveNamespace %s: namespace not in the guest (never added, or removed twice)", ns.Id)
			return fmt.Errorf("sim: guest.RemoveNamespace %s: %w", ns.Id, errdefs.ErrNotFound)
		}
		if len(w.guestNICs) > 0 {
			w.violate("guest.RemoveNamespace %s: removed while the guest still holds %d NIC(s): the namespace goes last", ns.Id, len(w.guestNICs))
		}
		delete(w.guestNS, ns.Id)
		return nil
	})
}

// PrepareNIC pre-adds a NIC, with its endpoint, before the VM has it.
func (g *Guest) PrepareNIC(ctx context.Context, nicID string, ep *hcnmodel.Endpoint) error {
	w := g.w
	c := Call{Manager: GuestCall, Site: "guest.PrepareNIC", Subject: nicID}
	if ep != nil {
		c.Args = []string{ep.Id}
	}
	return w.call(ctx, c, func() error {
		if ep == nil {
			return g.reject("guest.PrepareNIC %s: no endpoint document", nicID)
		}
		key := nicKey(nicID)
		if _, held := w.guestNICs[key]; held {
			w.violate("guest.PrepareNIC %s: NIC already in the guest", nicID)
		}
		if _, on := w.vmNICs[key]; on {
			w.violate("guest.PrepareNIC %s: pre-added after the VM hot-added it", nicID)
		}
		w.guestNICs[key] = &GuestNIC{MAC: ep.MacAddress}
		w.nicEndpoints[key] = ep.Id
		return nil
	})
}

// ConfigureNIC configures a NIC the VM has hot-added: the final add of a
// pre-added NIC (mac may then be ""), or the only guest step of a platform
// that does not pre-add.
func (g *Guest) ConfigureNIC(ctx context.Context, nicID, mac string) error {
	w := g.w
	return w.call(ctx, g.nicCall("guest.ConfigureNIC", nicID), func() error {
		key := nicKey(nicID)
		onVM, ok := w.vmNICs[key]
		if !ok {
			w.violate("guest.ConfigureNIC %s: the VM has no such NIC (configured before its hot-add, or after its removal)", nicID)
			return fmt.Errorf("sim: guest.ConfigureNIC %s: %w", nicID, errdefs.ErrNotFound)
		}
		n := w.guestNICs[key]
		switch {
		case n == nil:
			n = &GuestNIC{MAC: mac}
			w.guestNICs[key] = n
		case n.Configured:
			w.violate("guest.ConfigureNIC %s: NIC configured twice", nicID)
		}
		if mac != "" {
			n.MAC = mac
		}
		if n.MAC != onVM.MAC {
			w.violate("guest.ConfigureNIC %s: guest has MAC %q, the VM's NIC %q", nicID, n.MAC, onVM.MAC)
		}
		n.Configured = true
		return nil
	})
}

// RemoveNIC makes the guest let go of a NIC, prepared or configured.
func (g *Guest) RemoveNIC(ctx context.Context, nicID string) error {
	w := g.w
	return w.call(ctx, Call{Manager: GuestCall, Site: "guest.RemoveNIC", Subject: nicID}, func() error {
		key := nicKey(nicID)
		if _, held := w.guestNICs[key]; !held {
			if w.guestRemoved[key] {
				w.violate("guest.RemoveNIC %s: NIC removed twice", nicID)
			} else {
				w.violate("guest.RemoveNIC %s: NIC removed without having been added", nicID)
			}
			return fmt.Errorf("sim: guest.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
		}
		delete(w.guestNICs, key)
		w.guestRemoved[key] = true
		return nil
	})
}

// nicCall is a guest call about a NIC, naming the endpoint behind it when
// the world knows it.
func (g *Guest) nicCall(site, nicID string) Call {
	c := Call{Manager: GuestCall, Site: site, Subject: nicID}
	g.w.mu.Lock()
	defer g.w.mu.Unlock()
	if ep := g.w.nicEndpoints[nicKey(nicID)]; ep != "" {
		c.Args = []string{ep}
	}
	return c
}

// Reject records a request the guest agent would refuse as malformed (a
// wrong request type, a missing field) and returns the error to answer it
// with. Platform adapters call it from their guest contract.
func (g *Guest) Reject(format string, args ...any) error {
	g.w.mu.Lock()
	defer g.w.mu.Unlock()
	return g.reject(format, args...)
}

// reject is Reject for callers holding the lock.
func (g *Guest) reject(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	g.w.violate("malformed guest request: %s", msg)
	return fmt.Errorf("%w: %s: %w", ErrRejected, msg, errdefs.ErrInvalidArgument)
}

// SeedGuestNIC puts a NIC in the guest without a call, as a controller
// before this one (or a migration source) left it.
func (w *World) SeedGuestNIC(nicID string, n GuestNIC) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.guestNICs[nicKey(nicID)] = &n
}

// SeedGuestNamespace puts a namespace in the guest without a call.
func (w *World) SeedGuestNamespace(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.guestNS[id] = true
}

// nsID is a namespace document's ID, or "" for none.
func nsID(ns *hcnmodel.Namespace) string {
	if ns == nil {
		return ""
	}
	return ns.Id
}
