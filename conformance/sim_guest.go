package conformance

import (
	"context"
	"fmt"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// SimGuest is the simulated guest, in terms of netcore's abstract guest
// steps. A platform binding implements its real guest contract over it
// ([Binding.SimGuest]), translating each request to a step and
// reporting a request its guest agent would refuse with [SimGuest.Reject].
// Each method enforces what a guest would: no NIC configured before the VM
// has it, nothing removed that is not there, no namespace removed before
// its NICs.
type SimGuest struct{ sim *Sim }

// AddNamespace adds the namespace to the guest.
func (g *SimGuest) AddNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	s := g.sim
	defer s.begin("guest.AddNamespace")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, guestCall, "guest.AddNamespace", nsID(ns)); err != nil {
		return err
	}
	if ns == nil || ns.Id == "" {
		return g.reject("guest.AddNamespace: no namespace document")
	}
	if _, known := s.namespaces[ns.Id]; !known {
		s.violate("guest.AddNamespace %s: not a namespace HCN knows", ns.Id)
	}
	if s.guestNS[ns.Id] {
		s.violate("guest.AddNamespace %s: namespace added twice", ns.Id)
	}
	if len(s.guestNICs) > 0 {
		s.violate("guest.AddNamespace %s: added after NICs reached the guest", ns.Id)
	}
	s.guestNS[ns.Id] = true
	return nil
}

// RemoveNamespace removes the namespace from the guest.
func (g *SimGuest) RemoveNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	s := g.sim
	defer s.begin("guest.RemoveNamespace")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, guestCall, "guest.RemoveNamespace", nsID(ns)); err != nil {
		return err
	}
	if ns == nil || ns.Id == "" {
		return g.reject("guest.RemoveNamespace: no namespace document")
	}
	if !s.guestNS[ns.Id] {
		s.violate("guest.RemoveNamespace %s: namespace not in the guest (never added, or removed twice)", ns.Id)
		return fmt.Errorf("sim: guest.RemoveNamespace %s: %w", ns.Id, errdefs.ErrNotFound)
	}
	if len(s.guestNICs) > 0 {
		s.violate("guest.RemoveNamespace %s: removed while the guest still holds %d NIC(s): the namespace goes last", ns.Id, len(s.guestNICs))
	}
	delete(s.guestNS, ns.Id)
	return nil
}

// PrepareNIC pre-adds a NIC, with its endpoint, before the VM has it.
func (g *SimGuest) PrepareNIC(ctx context.Context, nicID string, ep *hcnmodel.Endpoint) error {
	s := g.sim
	defer s.begin("guest.PrepareNIC")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, guestCall, "guest.PrepareNIC", nicID); err != nil {
		return err
	}
	if ep == nil {
		return g.reject("guest.PrepareNIC %s: no endpoint document", nicID)
	}
	if _, held := s.guestNICs[nicID]; held {
		s.violate("guest.PrepareNIC %s: NIC already in the guest", nicID)
	}
	if _, on := s.vmNICs[nicID]; on {
		s.violate("guest.PrepareNIC %s: pre-added after the VM hot-added it", nicID)
	}
	s.guestNICs[nicID] = &guestNIC{mac: ep.MacAddress}
	s.nicEndpoints[nicID] = ep.Id
	return nil
}

// ConfigureNIC configures a NIC the VM has hot-added: the final add of a
// pre-added NIC (mac may then be ""), or the only guest step of a platform
// that does not pre-add.
func (g *SimGuest) ConfigureNIC(ctx context.Context, nicID, mac string) error {
	s := g.sim
	defer s.begin("guest.ConfigureNIC")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, guestCall, "guest.ConfigureNIC", nicID); err != nil {
		return err
	}
	onVM, ok := s.vmNICs[nicID]
	if !ok {
		s.violate("guest.ConfigureNIC %s: the VM has no such NIC (configured before its hot-add, or after its removal)", nicID)
		return fmt.Errorf("sim: guest.ConfigureNIC %s: %w", nicID, errdefs.ErrNotFound)
	}
	n := s.guestNICs[nicID]
	switch {
	case n == nil:
		n = &guestNIC{mac: mac}
		s.guestNICs[nicID] = n
	case n.configured:
		s.violate("guest.ConfigureNIC %s: NIC configured twice", nicID)
	}
	if mac != "" {
		n.mac = mac
	}
	if n.mac != onVM.MacAddress {
		s.violate("guest.ConfigureNIC %s: guest has MAC %q, the VM's NIC %q", nicID, n.mac, onVM.MacAddress)
	}
	n.configured = true
	return nil
}

// RemoveNIC makes the guest let go of a NIC, prepared or configured.
func (g *SimGuest) RemoveNIC(ctx context.Context, nicID string) error {
	s := g.sim
	defer s.begin("guest.RemoveNIC")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, guestCall, "guest.RemoveNIC", nicID); err != nil {
		return err
	}
	if _, held := s.guestNICs[nicID]; !held {
		if s.guestRemoved[nicID] {
			s.violate("guest.RemoveNIC %s: NIC removed twice", nicID)
		} else {
			s.violate("guest.RemoveNIC %s: NIC removed without having been added", nicID)
		}
		return fmt.Errorf("sim: guest.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
	}
	delete(s.guestNICs, nicID)
	s.guestRemoved[nicID] = true
	return nil
}

// Reject records a request the guest agent would refuse as malformed (a
// wrong request type, a missing field) and returns the error to answer it
// with. Bindings call it from their guest contract implementation.
func (g *SimGuest) Reject(format string, args ...any) error {
	s := g.sim
	s.mu.Lock()
	defer s.mu.Unlock()
	return g.reject(format, args...)
}

// reject is Reject for callers holding the lock.
func (g *SimGuest) reject(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	g.sim.violate("malformed guest request: %s", msg)
	return fmt.Errorf("%w: %s: %w", errSimRejected, msg, errdefs.ErrInvalidArgument)
}

// nsID is a namespace document's ID, or "" for none.
func nsID(ns *hcnmodel.Namespace) string {
	if ns == nil {
		return ""
	}
	return ns.Id
}
