package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
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
// connection and compute system received it: the top-level RequestType,
// ResourceType and Settings as encoding/json reads them (whatever the
// keys' case, other keys skipped), and the request's bytes as sent, for
// the platform's guest agent ([wireBinding.Agent]) to read by its own
// rules: the real agents differ in how strictly they read.
type WireRequest struct {
	RequestType  string
	ResourceType string
	Settings     json.RawMessage
	// Raw is the whole request, as sent.
	Raw json.RawMessage `json:"-"`
}

// errWireRefused classes a document the simulated HCS or guest agent
// refused.
var errWireRefused = fmt.Errorf("sim: document refused: %w", errdefs.ErrInvalidArgument)

// wireAgent is a platform's guest agent, as [wireBinding.Agent].
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

// hcsKeys are the keys of an HCS modify document (hcsshim's
// internal/hcs/schema2/modify_setting_request.go, ModifySettingRequest).
var hcsKeys = []string{"ResourcePath", "RequestType", "Settings", "GuestRequest"}

// adapterKeys are the keys of a network adapter's settings (hcsshim's
// internal/hcs/schema2/network_adapter.go, NetworkAdapter).
var adapterKeys = []string{"EndpointId", "MacAddress", "IovSettings"}

// Modify reads an HCS modify document, by exact key as HCS reads its
// schema: a host-side change of a network adapter (ResourcePath,
// RequestType, Settings), a GuestRequest to forward to the guest agent,
// or both at once, the combined document hcsshim's legacy route sends for
// each NIC step (internal/uvm/network.go, addNIC and removeNIC). A
// combined document is carried out in the order hcsshim's own split of it
// uses (internal/uvm/modify.go, modify): an Add hot-adds, then forwards
// the guest request and, if the guest refuses, hot-removes again; a
// Remove forwards the guest request first and hot-removes only once the
// guest has let go.
func (c wireComputeSystem) Modify(ctx context.Context, config interface{}) error {
	return c.s.wireAnswer(c.modify(ctx, config), computeSystemSide)
}

// modify is Modify with the simulated world's own errors.
func (c wireComputeSystem) modify(ctx context.Context, config interface{}) error {
	raw, err := json.Marshal(config)
	if err != nil {
		return c.s.refuse("compute system: document does not marshal: %v", err)
	}
	unknown, err := simworld.UnknownKeys(raw, true, hcsKeys...)
	if err != nil {
		return c.s.refuse("compute system: %s: %v", raw, err)
	}
	if len(unknown) > 0 {
		return c.s.refuse("compute system: %s: unknown field %q in a modify document", raw, unknown[0])
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
	forward := !isNull(doc.GuestRequest)
	if doc.ResourcePath == "" && doc.RequestType == "" && isNull(doc.Settings) {
		if !forward {
			return c.s.refuse("compute system: %s: neither a resource change nor a GuestRequest", raw)
		}
		return c.forward(ctx, doc.GuestRequest)
	}
	nic, a, err := readAdapterChange(doc.ResourcePath, doc.Settings)
	if err != nil {
		return c.s.refuse("compute system: %s: %v", raw, err)
	}
	vm := simVM{c.s}
	switch doc.RequestType {
	case "Add":
		if err := vm.AddNIC(ctx, nic, a); err != nil || !forward {
			return err
		}
		if err := c.forward(ctx, doc.GuestRequest); err != nil {
			if rerr := vm.RemoveNIC(ctx, nic, a); rerr != nil {
				return fmt.Errorf("%w (and the hot-add was not undone: %w)", err, rerr)
			}
			return err
		}
		return nil
	case "Remove":
		if forward {
			if err := c.forward(ctx, doc.GuestRequest); err != nil {
				return err
			}
		}
		return vm.RemoveNIC(ctx, nic, a)
	}
	return c.s.refuse("compute system: %s: invalid RequestType %q for a network adapter", raw, doc.RequestType)
}

// readAdapterChange reads the network adapter a host-side change is
// about: a GUID NIC ID in the resource path and exactly the adapter's
// keys in its settings.
func readAdapterChange(path string, settings json.RawMessage) (string, *netcore.NetworkAdapter, error) {
	nic, ok := strings.CutPrefix(path, "VirtualMachine/Devices/NetworkAdapters/")
	if !ok {
		return "", nil, fmt.Errorf("resource path %q is not a network adapter's", path)
	}
	if _, err := guid.FromString(nic); err != nil {
		return "", nil, fmt.Errorf("NIC ID %q in the resource path is not a GUID", nic)
	}
	unknown, err := simworld.UnknownKeys(settings, true, adapterKeys...)
	if err == nil && len(unknown) > 0 {
		err = fmt.Errorf("unknown field %q", unknown[0])
	}
	var a netcore.NetworkAdapter
	if err == nil {
		err = json.Unmarshal(settings, &a)
	}
	if err != nil || a.EndpointId == "" || a.MacAddress == "" {
		return "", nil, fmt.Errorf("settings %s are not a network adapter {EndpointId, MacAddress} (%v)", settings, err)
	}
	return nic, &a, nil
}

// forward hands a GuestRequest to the guest agent, as HCS does.
func (c wireComputeSystem) forward(ctx context.Context, raw json.RawMessage) error {
	req, err := readGuestRequest(raw)
	if err != nil {
		return c.s.refuse("compute system: GuestRequest %s: %v", raw, err)
	}
	return c.agent(ctx, c.s.guest, req)
}

// isNull reports whether a raw value is absent or null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// guestSeesVMGone reports whether, on route, a guest call finds a gone VM
// reported as such: only on the legacy route, where the guest request goes
// to the VM's compute system. On the guest connection a VM's death is its
// bridge's, and the call finds the bridge closed.
func guestSeesVMGone(route string) bool { return route == RouteComputeSystem }

// answerSide is the transport an answer comes back on, for
// asHcsshimAnswer.
type answerSide uint8

const (
	computeSystemSide answerSide = iota
	guestConnectionSide
)

// asHcsshimAnswer turns the world's "gone" into what hcsshim's transports
// answer instead, so the ready managers have to read the real thing: the
// compute system's SystemError holding an HRESULT, the guest connection's
// bridge-closed error with its cause. netcore's sentinels are not in the
// chain any more; the managers must put them back. Any other error is
// answered as it is, and so is a guest agent's death reported by the
// compute system on the legacy route, which has no hcsshim shape to take.
func asHcsshimAnswer(err error, side answerSide) error {
	switch {
	case side == guestConnectionSide && (errors.Is(err, netcore.ErrVMUnavailable) || errors.Is(err, netcore.ErrGuestUnavailable)):
		return hcsmodifytest.BridgeKilled(io.ErrUnexpectedEOF)
	case side == computeSystemSide && errors.Is(err, netcore.ErrVMUnavailable):
		return hcsmodifytest.ComputeSystemError(wireComputeSystem{}.ID(), hcsmodifytest.HRESULTAlreadyStopped)
	}
	return err
}

type wireGuestConnection struct {
	s     *simulator
	agent wireAgent
}

// IsBridgeConnected is false once the guest agent or the whole VM is
// gone, as hcsshim's guest connection reports it: the bridge's receive
// loop marks it down as soon as the connection to the guest drops
// (internal/gcs/bridge.go, recvLoopRoutine; read by
// internal/gcs/guestconnection.go, IsBridgeConnected), and the guest
// goes with its VM.
func (c wireGuestConnection) IsBridgeConnected() bool {
	vmGone, guestGone := c.s.world.Gone()
	return !vmGone && !guestGone
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
	return c.s.wireAnswer(c.agent(ctx, c.s.guest, req), guestConnectionSide)
}

// readGuestRequest reads a guest request's top level as encoding/json
// does, as every guest agent's bridge must to find the resource type;
// whether the request is one the agent takes is for the agent to say.
func readGuestRequest(raw []byte) (WireRequest, error) {
	if _, err := simworld.ObjectKeys(raw); err != nil {
		return WireRequest{}, err
	}
	var req WireRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return req, err
	}
	req.Raw = json.RawMessage(raw)
	return req, nil
}
