package lcow

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netlcow"
)

// simAgent is a Linux guest agent over the simulator: each adapter
// document becomes the simulated guest's configure or remove step.
type simAgent struct{ g *conformance.SimGuest }

var _ netlcow.GuestNetworkManager = simAgent{}

func (s simAgent) AddNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if a == nil || a.ID == "" || a.NamespaceID == "" || a.MacAddress == "" {
		return s.g.Reject("lcow AddNetworkInterface: adapter %+v lacks its NIC ID, namespace or MAC", a)
	}
	return s.g.ConfigureNIC(ctx, a.ID, a.MacAddress)
}

func (s simAgent) RemoveNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if a == nil || a.ID == "" || a.NamespaceID == "" {
		return s.g.Reject("lcow RemoveNetworkInterface: adapter %+v lacks its NIC ID or namespace", a)
	}
	return s.g.RemoveNIC(ctx, a.ID)
}

// wireAdapter is the Linux guest agent's reading of a NIC document: the
// wire names, spelled out here rather than taken from netlcow.Adapter, so
// that a document that drifts from them is refused.
type wireAdapter struct {
	NamespaceID   string
	ID            string
	MacAddress    string
	DNSSuffix     string
	DNSServerList string
	EncapOverhead uint16
	VPCIAssigned  bool
	IPConfigs     []struct {
		IPAddress    string
		PrefixLength uint8
	}
	Routes []struct {
		NextHop           string
		DestinationPrefix string
		Metric            uint16
	}
	PolicyBasedRouting bool
	EnableLowMetric    bool
}

// wireAgent is the Linux guest agent reading a decoded guest request: only
// NIC requests (resource type Network, request Add or Remove) with an
// adapter document it can read strictly. Like the agent, it lower-cases
// the namespace ID; the simulated guest matches NIC IDs whatever their
// case.
func wireAgent(ctx context.Context, g *conformance.SimGuest, req conformance.WireRequest) error {
	if req.ResourceType != "Network" {
		return g.Reject("lcow guest agent: invalid ResourceType %q", req.ResourceType)
	}
	var a wireAdapter
	dec := json.NewDecoder(bytes.NewReader(req.Settings))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return g.Reject("lcow guest agent: %s Network: settings %s: %v", req.RequestType, req.Settings, err)
	}
	a.NamespaceID = strings.ToLower(a.NamespaceID)
	id := a.ID
	switch req.RequestType {
	case "Add":
		if id == "" || a.NamespaceID == "" || a.MacAddress == "" {
			return g.Reject("lcow guest agent: Add Network: adapter %s lacks its NIC ID, namespace or MAC", req.Settings)
		}
		return g.ConfigureNIC(ctx, id, a.MacAddress)
	case "Remove":
		if id == "" || a.NamespaceID == "" {
			return g.Reject("lcow guest agent: Remove Network: adapter %s lacks its NIC ID or namespace", req.Settings)
		}
		return g.RemoveNIC(ctx, id)
	}
	return g.Reject("lcow guest agent: invalid RequestType %q", req.RequestType)
}
