package wcow

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netwcow"
)

// simAgent is a Windows guest agent over the simulator: the namespace
// requests and the three NIC phases become the simulated guest's steps,
// and a request with the wrong phase or payload is refused as the guest
// agent would.
type simAgent struct{ g *conformance.SimGuest }

var _ netwcow.GuestNetworkManager = simAgent{}

func (s simAgent) AddNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return s.g.AddNamespace(ctx, ns)
}

func (s simAgent) RemoveNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return s.g.RemoveNamespace(ctx, ns)
}

func (s simAgent) AddNetworkInterface(ctx context.Context, adapterID string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	switch {
	case rt == netwcow.RequestTypePreAdd && ep != nil:
		return s.g.PrepareNIC(ctx, adapterID, ep)
	case rt == netwcow.RequestTypeAdd && ep == nil:
		return s.g.ConfigureNIC(ctx, adapterID, "")
	}
	return s.g.Reject("wcow AddNetworkInterface %s: request type %q with endpoint %v", adapterID, rt, ep != nil)
}

func (s simAgent) RemoveNetworkInterface(ctx context.Context, adapterID string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	if rt != netwcow.RequestTypeRemove || ep != nil {
		return s.g.Reject("wcow RemoveNetworkInterface %s: request type %q with endpoint %v", adapterID, rt, ep != nil)
	}
	return s.g.RemoveNIC(ctx, adapterID)
}

// wireAgent is the Windows guest agent reading a decoded guest request:
//   - NetworkNamespace, Add or Remove, with the HCN namespace document;
//   - Network, with the NIC document {AdapterId, RequestType, Settings}:
//     outer Add with inner PreAdd (Settings the HCN endpoint) or Add
//     (Settings null), outer Remove with inner Remove (Settings null).
//
// The simulated guest matches NIC IDs whatever their case.
func wireAgent(ctx context.Context, g *conformance.SimGuest, req conformance.WireRequest) error {
	switch req.ResourceType {
	case "NetworkNamespace":
		var ns hcnmodel.Namespace
		if err := json.Unmarshal(req.Settings, &ns); err != nil || ns.Id == "" {
			return g.Reject("wcow guest agent: %s NetworkNamespace: settings %s are not a namespace document (%v)", req.RequestType, req.Settings, err)
		}
		switch req.RequestType {
		case "Add":
			return g.AddNamespace(ctx, &ns)
		case "Remove":
			return g.RemoveNamespace(ctx, &ns)
		}
		return g.Reject("wcow guest agent: invalid RequestType %q for NetworkNamespace", req.RequestType)
	case "Network":
	default:
		return g.Reject("wcow guest agent: invalid ResourceType %q", req.ResourceType)
	}
	var nic struct {
		AdapterId   string
		RequestType string
		Settings    json.RawMessage
	}
	dec := json.NewDecoder(bytes.NewReader(req.Settings))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&nic); err != nil {
		return g.Reject("wcow guest agent: %s Network: settings %s: %v", req.RequestType, req.Settings, err)
	}
	id := nic.AdapterId
	if id == "" {
		return g.Reject("wcow guest agent: %s Network: no AdapterId in %s", req.RequestType, req.Settings)
	}
	null := string(bytes.TrimSpace(nic.Settings)) == "null"
	switch {
	case req.RequestType == "Add" && nic.RequestType == "PreAdd" && len(nic.Settings) > 0 && !null:
		var ep hcnmodel.Endpoint
		if err := json.Unmarshal(nic.Settings, &ep); err != nil || ep.Id == "" {
			return g.Reject("wcow guest agent: PreAdd %s: settings %s are not an endpoint document (%v)", id, nic.Settings, err)
		}
		return g.PrepareNIC(ctx, id, &ep)
	case req.RequestType == "Add" && nic.RequestType == "Add" && null:
		return g.ConfigureNIC(ctx, id, "")
	case req.RequestType == "Remove" && nic.RequestType == "Remove" && null:
		return g.RemoveNIC(ctx, id)
	}
	return g.Reject("wcow guest agent: %s Network %s: inner RequestType %q with Settings %s (want PreAdd with the endpoint, Add or Remove with null)",
		req.RequestType, id, nic.RequestType, orMissing(nic.Settings))
}

// orMissing spells out settings that were absent.
func orMissing(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "missing"
	}
	return string(raw)
}
