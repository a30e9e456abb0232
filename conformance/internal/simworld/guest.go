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

// ErrRefused is the cause of a well-formed request a guest agent refused
// for the state it is in (a duplicate add, the removal of something it
// does not hold). It carries no errdefs class: what a guest agent answers
// comes back through the bridge as a plain error with an HRESULT, never
// classed for the caller.
var ErrRefused = errors.New("sim: guest agent refused the request")

// Answers says how the guest answers the requests on which guest agents
// differ: removing a NIC or namespace it does not hold, adding one it
// holds already, and the final add of a NIC that was never pre-added.
// The Windows guest agent is closed source, so the conformance suite runs
// both answers it could plausibly give ([Strict] and [Tolerant]) and a
// controller must be correct under each; the Linux guest agent's answers
// are known and have steps of their own ([Guest.AddAdapter]).
type Answers int

const (
	// Pedantic, the zero value, refuses each such request and records it
	// as a misuse: the answers for a controller's own tests, which never
	// sends them.
	Pedantic Answers = iota
	// Strict refuses each such request with [ErrRefused] and records
	// nothing: whether the controller copes is for the end state to show.
	Strict
	// Tolerant accepts each such request and changes nothing (a final
	// add without a pre-add configures the NIC the VM has).
	Tolerant
)

var answerNames = [...]string{"pedantic", "strict", "tolerant"}

// String names the answers as the suite labels a binding with them.
func (a Answers) String() string { return answerNames[a] }

// Guest is the simulated guest, in terms of netcore's abstract guest
// steps: platform adapters translate their guest requests to these. Each
// step enforces what a guest would: no NIC configured before the VM has
// it, no namespace removed before its NICs; and answers the requests on
// which guest agents differ as its [Answers] say.
type Guest struct {
	w       *World
	answers Answers
}

// Guest returns the world's guest, with [Pedantic] answers.
func (w *World) Guest() *Guest { return &Guest{w: w} }

// Answering returns the same guest answering as a says.
func (g *Guest) Answering(a Answers) *Guest { return &Guest{w: g.w, answers: a} }

// Answers says how g answers.
func (g *Guest) Answers() Answers { return g.answers }

// disputed answers a request on which guest agents differ: Pedantic
// records the misuse and refuses with pedanticErr, Strict refuses with
// ErrRefused, Tolerant accepts (nil). Callers hold the world's lock.
func (g *Guest) disputed(pedanticErr error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	switch g.answers {
	case Strict:
		return fmt.Errorf("%w: %s", ErrRefused, msg)
	case Tolerant:
		return nil
	}
	g.w.violate("%s", msg)
	return pedanticErr
}

// repeated records a removal repeated after one that succeeded, which a
// controller never makes whatever the guest answers; Pedantic records it
// as it refuses. Callers hold the world's lock.
func (g *Guest) repeated(format string, args ...any) {
	if g.answers != Pedantic {
		g.w.violate(format, args...)
	}
}

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
		if len(w.guestNICs) > 0 {
			w.violate("guest.AddNamespace %s: added after NICs reached the guest", ns.Id)
		}
		if w.guestNS[ns.Id] {
			// Pedantic records the duplicate yet lets it through, as the
			// controller's own tests always have.
			return g.disputed(nil, "guest.AddNamespace %s: namespace added twice", ns.Id)
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
			notFound := fmt.Errorf("sim: guest.RemoveNamespace %s: %w", ns.Id, errdefs.ErrNotFound)
			if !w.guestNSRemoved[ns.Id] {
				return g.disputed(notFound, "guest.RemoveNamespace %s: namespace not in the guest (never added)", ns.Id)
			}
			g.repeated("guest.RemoveNamespace %s: namespace removed twice", ns.Id)
			return g.disputed(notFound, "guest.RemoveNamespace %s: namespace removed twice", ns.Id)
		}
		if len(w.guestNICs) > 0 {
			w.violate("guest.RemoveNamespace %s: removed while the guest still holds %d NIC(s): the namespace goes last", ns.Id, len(w.guestNICs))
		}
		delete(w.guestNS, ns.Id)
		w.guestNSRemoved[ns.Id] = true
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
		if _, on := w.vmNICs[key]; on {
			w.violate("guest.PrepareNIC %s: pre-added after the VM hot-added it", nicID)
		}
		if _, held := w.guestNICs[key]; held {
			if err := g.disputed(nil, "guest.PrepareNIC %s: NIC already in the guest", nicID); err != nil || g.answers == Tolerant {
				return err
			}
		}
		w.guestNICs[key] = &GuestNIC{MAC: ep.MacAddress}
		w.nicEndpoints[key] = ep.Id
		return nil
	})
}

// ConfigureNIC configures a NIC the VM has hot-added: the final add of a
// pre-added NIC (mac is then ""), or the only guest step of a platform
// that does not pre-add (mac is the NIC's).
func (g *Guest) ConfigureNIC(ctx context.Context, nicID, mac string) error {
	w := g.w
	return w.call(ctx, g.nicCall("guest.ConfigureNIC", nicID), func() error {
		key := nicKey(nicID)
		onVM, ok := w.vmNICs[key]
		if !ok {
			w.violate("guest.ConfigureNIC %s: the VM has no such NIC (configured before its hot-add, or after its removal)", nicID)
			return fmt.Errorf("sim: guest.ConfigureNIC %s: %w", nicID, g.classed(errdefs.ErrNotFound))
		}
		n := w.guestNICs[key]
		switch {
		case n == nil && mac == "" && g.answers != Pedantic:
			// A final add of a NIC that was never pre-added.
			if err := g.disputed(nil, "guest.ConfigureNIC %s: NIC added without a pre-add", nicID); err != nil {
				return err
			}
			mac = onVM.MAC
			fallthrough
		case n == nil:
			n = &GuestNIC{MAC: mac}
			w.guestNICs[key] = n
		case n.Configured:
			if err := g.disputed(nil, "guest.ConfigureNIC %s: NIC configured twice", nicID); err != nil || g.answers == Tolerant {
				return err
			}
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
		if _, held := w.guestNICs[key]; held {
			delete(w.guestNICs, key)
			w.guestRemoved[key] = true
			return nil
		}
		notFound := fmt.Errorf("sim: guest.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
		if !w.guestRemoved[key] {
			return g.disputed(notFound, "guest.RemoveNIC %s: NIC removed without having been added", nicID)
		}
		g.repeated("guest.RemoveNIC %s: NIC removed twice", nicID)
		return g.disputed(notFound, "guest.RemoveNIC %s: NIC removed twice", nicID)
	})
}

// classed is class for Pedantic answers and ErrRefused, which carries no
// class, for the others: only the controller's own tests see classes on
// a guest agent's answers.
func (g *Guest) classed(class error) error {
	if g.answers == Pedantic {
		return class
	}
	return ErrRefused
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

// Misuse records a request the guest agent accepts but whose effect is
// not what the controller meant (a field the agent does not read, so its
// value never reaches the guest). Platform adapters call it from their
// guest contract, and still answer as the agent does.
func (g *Guest) Misuse(format string, args ...any) {
	g.w.Violate(format, args...)
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
