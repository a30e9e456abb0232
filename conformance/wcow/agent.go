package wcow

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netwcow"
)

// The Windows guest agent is closed source: where its answer is not known
// the simulated one gives either plausible answer, as the binding's
// [simworld.Answers] say ([simworld.Strict] or [simworld.Tolerant]), and
// a controller must be correct under both. Where hcsshim v0.15.0 itself
// shows what the agent must take (it sends it), both answers take it.

// simAgent is a Windows guest agent over the simulator: the namespace
// requests and the three NIC phases become the simulated guest's steps,
// answered as [windowsGuest] says, and a request with the wrong phase or
// payload is refused.
type simAgent struct{ g *conformance.SimGuest }

var _ netwcow.GuestNetworkManager = simAgent{}

// guest is the simulated guest answering as s's agent does.
func (s simAgent) guest() *conformance.SimGuest { return windowsGuest(s.g) }

// windowsGuest is g answering as a Windows guest agent: as g's answers
// say, strictly when they are the suite's default, Pedantic, which is
// for a controller's own tests.
func windowsGuest(g *conformance.SimGuest) *conformance.SimGuest {
	if g.Answers() == simworld.Pedantic {
		return g.Answering(simworld.Strict)
	}
	return g
}

func (s simAgent) AddNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return s.guest().AddNamespace(ctx, ns)
}

func (s simAgent) RemoveNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return s.guest().RemoveNamespace(ctx, ns)
}

func (s simAgent) AddNetworkInterface(ctx context.Context, adapterID string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	g := s.guest()
	switch {
	case rt == netwcow.RequestTypePreAdd && ep != nil:
		return g.PrepareNIC(ctx, adapterID, ep)
	case rt == netwcow.RequestTypeAdd && ep == nil:
		return g.ConfigureNIC(ctx, adapterID, "")
	}
	return g.Reject("wcow AddNetworkInterface %s: request type %q with endpoint %v", adapterID, rt, ep != nil)
}

func (s simAgent) RemoveNetworkInterface(ctx context.Context, adapterID string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	g := s.guest()
	if rt != netwcow.RequestTypeRemove || ep != nil {
		return g.Reject("wcow RemoveNetworkInterface %s: request type %q with endpoint %v", adapterID, rt, ep != nil)
	}
	return g.RemoveNIC(ctx, adapterID)
}

// requestKeys and nicKeys are the keys of a guest modification request
// and of its NIC document (internal/protocol/guestrequest/types.go,
// ModificationRequest and NetworkModifyRequest).
var (
	requestKeys = []string{"RequestType", "ResourceType", "Settings"}
	nicKeys     = []string{"AdapterId", "RequestType", "Settings"}
)

// wireAgent is the Windows guest agent reading a decoded guest request,
// answering as [windowsGuest] says:
//   - NetworkNamespace, Add or Remove, with the HCN namespace document;
//   - Network, with the NIC document {AdapterId, RequestType, Settings}:
//     outer Add with inner PreAdd (Settings the HCN endpoint) or Add, outer
//     Remove with inner Remove. The inner Settings of an Add or a Remove
//     may be null (hcsshim's controller sends a nil endpoint pointer,
//     internal/vm/guestmanager/network_wcow.go) or absent (its legacy
//     route sends none, internal/uvm/network.go, addNIC and removeNIC).
//
// A strict agent reads keys exactly and refuses one it does not know, and
// a request without a ResourceType. A tolerant one reads keys as
// encoding/json does (the world records a key it skips, whose value then
// never reaches the guest) and takes a request without a ResourceType
// whose settings name an adapter as a NIC request: the guest request
// hcsshim's legacy route sends with a NIC's hot-remove has none
// (internal/uvm/network.go, removeNIC). Both take an empty RequestType as
// Add, as hcsshim's Windows-side reader of these requests does
// (internal/gcs-sidecar/uvm.go, unmarshalContainerModifySettings).
//
// The simulated guest matches NIC IDs whatever their case.
func wireAgent(ctx context.Context, g *conformance.SimGuest, req conformance.WireRequest) error {
	g = windowsGuest(g)
	return windowsAgent{g: g, strict: g.Answers() != simworld.Tolerant}.read(ctx, req)
}

// windowsAgent reads one guest request.
type windowsAgent struct {
	g      *conformance.SimGuest
	strict bool
}

func (a windowsAgent) read(ctx context.Context, req conformance.WireRequest) error {
	g := a.g
	if err := a.checkKeys("request", req.Raw, requestKeys); err != nil {
		return err
	}
	rt := req.RequestType
	if rt == "" {
		rt = "Add"
	}
	switch req.ResourceType {
	case "NetworkNamespace":
		var ns hcnmodel.Namespace
		if err := json.Unmarshal(req.Settings, &ns); err != nil || ns.Id == "" {
			return g.Reject("wcow guest agent: %s NetworkNamespace: settings %s are not a namespace document (%v)", rt, req.Settings, err)
		}
		switch rt {
		case "Add":
			return g.AddNamespace(ctx, &ns)
		case "Remove":
			return g.RemoveNamespace(ctx, &ns)
		}
		return g.Reject("wcow guest agent: invalid RequestType %q for NetworkNamespace", rt)
	case "Network":
	case "":
		if a.strict || !a.namesAdapter(req.Settings) {
			return g.Reject("wcow guest agent: invalid ResourceType \"\"")
		}
	default:
		return g.Reject("wcow guest agent: invalid ResourceType %q", req.ResourceType)
	}
	var nic struct {
		AdapterId   string
		RequestType string
		Settings    json.RawMessage
	}
	if err := json.Unmarshal(req.Settings, &nic); err != nil {
		return g.Reject("wcow guest agent: %s Network: settings %s: %v", rt, req.Settings, err)
	}
	if err := a.checkKeys("NIC document", req.Settings, nicKeys); err != nil {
		return err
	}
	id := nic.AdapterId
	if id == "" {
		return g.Reject("wcow guest agent: %s Network: no AdapterId in %s", rt, req.Settings)
	}
	none := len(nic.Settings) == 0 || string(nic.Settings) == "null"
	switch {
	case rt == "Add" && nic.RequestType == "PreAdd" && !none:
		var ep hcnmodel.Endpoint
		if err := json.Unmarshal(nic.Settings, &ep); err != nil || ep.Id == "" {
			return g.Reject("wcow guest agent: PreAdd %s: settings %s are not an endpoint document (%v)", id, nic.Settings, err)
		}
		return g.PrepareNIC(ctx, id, &ep)
	case rt == "Add" && nic.RequestType == "Add" && none:
		return g.ConfigureNIC(ctx, id, "")
	case rt == "Remove" && nic.RequestType == "Remove" && none:
		return g.RemoveNIC(ctx, id)
	}
	return g.Reject("wcow guest agent: %s Network %s: inner RequestType %q with Settings %s (want PreAdd with the endpoint, Add or Remove with none)",
		rt, id, nic.RequestType, orMissing(nic.Settings))
}

// checkKeys holds the object raw to the keys known: a strict agent
// refuses a key it does not know exactly; a tolerant one skips a key
// that matches none whatever its case, which the world records.
func (a windowsAgent) checkKeys(what string, raw []byte, known []string) error {
	unknown, err := simworld.UnknownKeys(raw, a.strict, known...)
	if err != nil {
		return a.g.Reject("wcow guest agent: %s %s: %v", what, raw, err)
	}
	for _, k := range unknown {
		if a.strict {
			return a.g.Reject("wcow guest agent: unknown field %q in the %s %s", k, what, raw)
		}
		a.g.Misuse("wcow guest agent: unknown field %q in the %s %s: the agent skips it, so its value never reaches the guest", k, what, raw)
	}
	return nil
}

// namesAdapter reports whether settings are an object naming an adapter.
func (a windowsAgent) namesAdapter(settings json.RawMessage) bool {
	keys, err := simworld.ObjectKeys(settings)
	return err == nil && slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, "AdapterId") })
}

// orMissing spells out settings that were absent.
func orMissing(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "missing"
	}
	return string(raw)
}
