package lcow

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
)

// The simulated Linux guest agent answers every request as hcsshim
// v0.15.0's Linux guest agent (GCS) does; its source is public, and each
// rule names where in hcsshim's tree it comes from. The NIC rules
// themselves (removal always succeeds, a repeated add fails, namespace
// IDs lower-cased, no add before the hot-add) are the simulated guest's
// Linux steps, [simworld.Guest.AddAdapter] and RemoveAdapter.

// simAgent is a Linux guest agent over the simulator: each adapter
// document becomes the simulated guest's Linux add or remove.
type simAgent struct{ g *conformance.SimGuest }

var _ netlcow.GuestNetworkManager = simAgent{}

// AddNetworkInterface: a nil adapter is what the bridge would send as
// "Settings":null, which the agent cannot read (see wireAgent).
func (s simAgent) AddNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if a == nil {
		return s.g.Reject("lcow AddNetworkInterface: no adapter document")
	}
	n := simworld.LinuxNetwork{PolicyBasedRouting: a.PolicyBasedRouting}
	for _, r := range a.Routes {
		n.Routes = append(n.Routes, hcnmodel.Route(r))
	}
	return s.g.AddLinuxAdapter(ctx, a.NamespaceID, a.ID, a.MacAddress, n)
}

func (s simAgent) RemoveNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	if a == nil {
		return s.g.Reject("lcow RemoveNetworkInterface: no adapter document")
	}
	return s.g.RemoveAdapter(ctx, a.NamespaceID, a.ID)
}

// wireAdapter is the Linux guest agent's reading of a NIC document
// (internal/protocol/guestresource/resources.go, LCOWNetworkAdapter):
// the wire names, spelled out here rather than taken from netlcow.Adapter,
// so that a document that drifts from them is caught.
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

// requestKeys are the keys of a guest modification request
// (internal/protocol/guestrequest/types.go, ModificationRequest).
var requestKeys = []string{"RequestType", "ResourceType", "Settings"}

// adapterKeys are the fields of wireAdapter, as the agent names them.
var adapterKeys = fieldNames(reflect.TypeFor[wireAdapter]())

// wireAgent is the Linux guest agent reading a guest request as the
// bridge hands it over (internal/guest/prot/protocol.go,
// UnmarshalContainerModifySettings, then internal/guest/runtime/hcsv2/uvm.go,
// modifyHostSettings and modifyNetwork):
//   - everything is read by encoding/json: keys match whatever their case,
//     and keys that match no field are skipped (the world records those
//     as a misuse: what they carry never reaches the guest);
//   - an empty RequestType is taken as Add;
//   - a ResourceType other than Network (empty, as a request still wrapped
//     for HCS reads, or one of the agent's other resources) is refused;
//   - Settings that do not decode as an adapter document, absent or null
//     included, are refused;
//   - a RequestType other than Add or Remove is refused.
func wireAgent(ctx context.Context, g *conformance.SimGuest, req conformance.WireRequest) error {
	ignored(g, "request", req.Raw, requestKeys)
	if req.ResourceType != "Network" {
		return g.Reject("lcow guest agent: invalid ResourceType %q", req.ResourceType)
	}
	var a wireAdapter
	if err := json.Unmarshal(req.Settings, &a); err != nil || string(bytes.TrimSpace(req.Settings)) == "null" {
		// Null leaves the bridge's raw settings empty, which then fail to
		// decode, as absent ones do.
		return g.Reject("lcow guest agent: %s Network: failed to unmarshal settings %s as NetworkAdapterV2: %v", req.RequestType, req.Settings, err)
	}
	ignored(g, "adapter", req.Settings, adapterKeys)
	switch req.RequestType {
	case "Add", "":
		n := simworld.LinuxNetwork{PolicyBasedRouting: a.PolicyBasedRouting}
		for _, r := range a.Routes {
			n.Routes = append(n.Routes, hcnmodel.Route(r))
		}
		return g.AddLinuxAdapter(ctx, a.NamespaceID, a.ID, a.MacAddress, n)
	case "Remove":
		return g.RemoveAdapter(ctx, a.NamespaceID, a.ID)
	}
	return g.Reject("lcow guest agent: the RequestType %q is not supported", req.RequestType)
}

// ignored records each key of the object raw that the agent skips
// because it names none of known.
func ignored(g *conformance.SimGuest, what string, raw []byte, known []string) {
	unknown, err := simworld.UnknownKeys(raw, false, known...)
	if err != nil {
		return // not an object: the agent refuses it when it decodes it
	}
	for _, k := range unknown {
		g.Misuse("lcow guest agent: unknown field %q in the %s %s: the agent skips it, so its value never reaches the guest", k, what, raw)
	}
}

// fieldNames lists a struct type's field names.
func fieldNames(t reflect.Type) []string {
	names := make([]string, t.NumField())
	for i := range names {
		names[i] = t.Field(i).Name
	}
	return names
}
