package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// The wire-level run sends every document through the ready stack a shim
// uses (hcsmodify's VM manager, the platform's ready guest manager) to a
// simulated compute system and guest connection. They marshal what they
// are handed and read the bytes the way HCS and the guest agents do, so a
// document with the wrong shape, keys or values is refused even when the
// Go value looked right; what they decode drives the same simulated VM and
// guest as the rest of the suite, so the end-state checks and the fault
// matrix run unchanged.

// The wire routes a guest request can travel, naming the wire-level
// scenarios and their report columns.
const (
	// RouteGuestConnection: the bare guest request on the guest
	// connection, the route of a current shim.
	RouteGuestConnection = "wire-conn"
	// RouteComputeSystem: the guest request wrapped in an HCS modify
	// document's GuestRequest, sent to the compute system, the legacy
	// route.
	RouteComputeSystem = "wire-cs"
)

// WireRequest is a guest request as the suite's simulated guest
// connection and compute system decoded it from the bytes they were sent:
// the top-level RequestType and ResourceType, and Settings still raw, for
// the platform's guest agent ([WireGuest.Agent]) to read.
type WireRequest struct {
	RequestType  string
	ResourceType string
	Settings     json.RawMessage
}

// errWireRefused classes a document the simulated HCS or guest agent
// refused.
var errWireRefused = fmt.Errorf("sim: document refused: %w", errdefs.ErrInvalidArgument)

// wireAgent is a platform's guest agent, as [WireGuest.Agent].
type wireAgent func(ctx context.Context, guest *SimGuest, req WireRequest) error

// ComputeSystem returns the simulated Utility VM's compute system: it
// hot-adds and hot-removes NICs from HCS modify documents addressed by
// resource path, and forwards a document's GuestRequest to the guest,
// read by agent.
func (s *simulator) ComputeSystem(agent func(ctx context.Context, guest *SimGuest, req WireRequest) error) hcsmodify.ComputeSystem {
	return wireComputeSystem{s: s, agent: agent}
}

// GuestConnection returns the simulated guest connection: it reads bare
// guest requests, as the guest agent does, and hands them to agent.
func (s *simulator) GuestConnection(agent func(ctx context.Context, guest *SimGuest, req WireRequest) error) hcsmodify.GuestConnection {
	return wireGuestConnection{s: s, agent: agent}
}

// refuse records a document the world refused and returns the error to
// answer it with.
func (s *simulator) refuse(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	s.world.Violate("malformed document: %s", msg)
	return fmt.Errorf("%w: %s", errWireRefused, msg)
}

type wireComputeSystem struct {
	s     *simulator
	agent wireAgent
}

// ID names the simulated compute system in the VM manager's errors.
func (wireComputeSystem) ID() string { return "sim-uvm" }

// Modify reads an HCS modify document: exactly one of a host-side change
// (ResourcePath, RequestType, Settings) or a GuestRequest to forward.
func (c wireComputeSystem) Modify(ctx context.Context, config interface{}) error {
	raw, err := json.Marshal(config)
	if err != nil {
		return c.s.refuse("compute system: document does not marshal: %v", err)
	}
	keys, err := topLevelKeys(raw)
	if err != nil {
		return c.s.refuse("compute system: %s: %v", raw, err)
	}
	for _, k := range keys {
		if !slices.Contains([]string{"ResourcePath", "RequestType", "Settings", "GuestRequest"}, k) {
			return c.s.refuse("compute system: %s: unknown field %q in a modify document", raw, k)
		}
	}
	var doc struct {
		ResourcePath string
		RequestType  string
		Settings     json.RawMessage
		GuestRequest json.RawMessage
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return c.s.refuse("compute system: %s: %v", raw, err)
	}
	if doc.GuestRequest != nil {
		if len(keys) != 1 {
			return c.s.refuse("compute system: %s: a forwarded GuestRequest comes alone, not with %v", raw, keys)
		}
		req, err := readGuestRequest(doc.GuestRequest)
		if err != nil {
			return c.s.refuse("compute system: GuestRequest %s: %v", doc.GuestRequest, err)
		}
		return c.agent(ctx, c.s.guest, req)
	}
	nic, ok := strings.CutPrefix(doc.ResourcePath, "VirtualMachine/Devices/NetworkAdapters/")
	if !ok {
		return c.s.refuse("compute system: %s: resource path %q is not a network adapter's", raw, doc.ResourcePath)
	}
	if _, err := guid.FromString(nic); err != nil {
		return c.s.refuse("compute system: %s: NIC ID %q in the resource path is not a GUID", raw, nic)
	}
	var adapter struct {
		EndpointId string
		MacAddress string
	}
	dec := json.NewDecoder(bytes.NewReader(doc.Settings))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&adapter); err != nil || adapter.EndpointId == "" || adapter.MacAddress == "" {
		return c.s.refuse("compute system: %s: settings are not a network adapter {EndpointId, MacAddress} (%v)", raw, err)
	}
	a := &netcore.NetworkAdapter{EndpointId: adapter.EndpointId, MacAddress: adapter.MacAddress}
	switch doc.RequestType {
	case "Add":
		return simVM{c.s}.AddNIC(ctx, nic, a)
	case "Remove":
		return simVM{c.s}.RemoveNIC(ctx, nic, a)
	}
	return c.s.refuse("compute system: %s: invalid RequestType %q for a network adapter", raw, doc.RequestType)
}

type wireGuestConnection struct {
	s     *simulator
	agent wireAgent
}

// IsBridgeConnected is false once the guest agent alone has died. When
// the whole VM is gone the bridge is reported up, so that Modify is
// reached and says why, as ErrVMUnavailable: one VM stands behind both
// transports and both must report it gone.
func (c wireGuestConnection) IsBridgeConnected() bool {
	vmGone, guestGone := c.s.world.Gone()
	return !guestGone || vmGone
}

// Modify reads a bare guest request and hands it to the guest agent.
func (c wireGuestConnection) Modify(ctx context.Context, request interface{}) error {
	raw, err := json.Marshal(request)
	if err != nil {
		return c.s.refuse("guest connection: request does not marshal: %v", err)
	}
	req, err := readGuestRequest(raw)
	if err != nil {
		return c.s.refuse("guest connection: %s: %v", raw, err)
	}
	return c.agent(ctx, c.s.guest, req)
}

// readGuestRequest reads a guest request as the guest agent does: the
// resource type first (an empty or unknown one is refused, which is what
// a request still wrapped for HCS looks like), then, strictly, exactly
// the keys RequestType, ResourceType and Settings in that order, and a
// known request type.
func readGuestRequest(raw []byte) (WireRequest, error) {
	var req WireRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return req, err
	}
	switch req.ResourceType {
	case string(hcsmodify.ResourceTypeNetwork), string(hcsmodify.ResourceTypeNetworkNamespace):
	default:
		return req, fmt.Errorf("invalid ResourceType %q", req.ResourceType)
	}
	keys, err := topLevelKeys(raw)
	if err != nil {
		return req, err
	}
	if want := []string{"RequestType", "ResourceType", "Settings"}; !slices.Equal(keys, want) {
		return req, fmt.Errorf("keys %v; want exactly %v, in that order", keys, want)
	}
	if req.RequestType != "Add" && req.RequestType != "Remove" {
		return req, fmt.Errorf("invalid RequestType %q", req.RequestType)
	}
	return req, nil
}

// topLevelKeys returns the keys of a JSON object in the order the bytes
// hold them, refusing anything but one object and a repeated key.
func topLevelKeys(raw []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k := t.(string) // an object's tokens alternate key, value
		if slices.Contains(keys, k) {
			return nil, fmt.Errorf("key %q repeated", k)
		}
		keys = append(keys, k)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after the object")
	}
	return keys, nil
}
