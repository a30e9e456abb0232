package conformance

import (
	"context"

	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// Binding ties the suite to one guest platform and to the controller under
// test. It is written at the level a shim lives at: the suite hands
// [Binding.New] what a shim holds for a pod (a [Pod]: the namespace ID,
// the VM network manager, the HCN reader and the platform's guest
// contract), never uvmnet's own configuration, so that a controller that
// builds its guest documents itself binds as easily as uvmnet's. The
// bindings uvmnet ships are
// [github.com/uvmnet/uvmnet/conformance/lcow.Binding] and
// [github.com/uvmnet/uvmnet/conformance/wcow.Binding]; a binding for
// another controller copies one and replaces New, Import, Wrap and
// Capabilities.
//
// Managers the suite passes in are how it observes the controller, so a
// controller may wrap them but must forward every call.
type Binding struct {
	// Name names the platform in scenario results ("lcow", "wcow").
	Name string

	// Capabilities says what the controller supports; scenarios needing
	// anything else are reported as not applicable.
	Capabilities Capabilities

	// New builds a controller for pod, as a shim would. Required.
	New func(pod Pod) (Controller, error)
	// Import rebuilds a controller from a snapshot, as a migration
	// destination would, with the suite's options (its NIC ID generator
	// and concurrency, as for New). Required when Capabilities.Migration
	// is set; unused otherwise.
	Import func(ctx context.Context, snapshot *anypb.Any, opts Options) (Controller, error)
	// Wrap, when set, decorates every controller the suite builds, from
	// New and from Import alike, so that a shim's wrapper (its locking,
	// metrics, logging) is checked on migration destinations too. It must
	// keep the optional interfaces the capabilities declare.
	Wrap func(Controller) Controller

	// MockGuest returns a gomock mock of the platform's guest contract,
	// bound to ctrl, as the guest a [Pod] carries, with the function that
	// records an expected call on it.
	MockGuest func(ctrl *gomock.Controller) (guest any, expect ExpectGuestCall)
	// SimGuest returns the platform's guest contract over the simulated
	// guest: a guest agent that applies each request to simulated state.
	SimGuest func(guest *SimGuest) any
	// GuestCalls returns, in order and with exact arguments, the calls the
	// platform's guest contract must receive for step: none when the
	// platform has nothing to do in the guest for it.
	GuestCalls func(step GuestStep) []GuestCall
	// StartSandbox, when set, starts the pod's sandbox in the simulated
	// guest, as the platform's guest agent does when the pod's sandbox
	// container is created; the sandbox scenarios then run. Linux guests
	// set it ([SimGuest.StartSandbox]); the Windows guest agent is closed
	// source, and its sandbox has no rule to judge by.
	StartSandbox func(ctx context.Context, guest *SimGuest, namespaceID string) error

	// Wire, when set, adds the wire-level run: the same state, fault and
	// random scenarios through hcsmodify's VM manager and the platform's
	// ready guest manager, over a simulated compute system and guest
	// connection that read the JSON bytes they are sent.
	Wire *WireGuest
}

// Capabilities is what a controller declares it supports. The zero value
// is the least a pod-network controller does: Setup and Teardown, one
// call at a time, with NIC IDs of its own choosing.
type Capabilities struct {
	// HotPlug: the controller implements [HotPlugger].
	HotPlug bool
	// Migration: the controller implements [Migrator], and
	// [Binding.Import] rebuilds one from a snapshot.
	Migration bool
	// NICIDs: every NIC ID the controller uses comes from
	// [Options.NewNICID]. Without it the call-contract scenarios tie the
	// IDs they expect to those the controller picks; with it, faults can
	// be aimed at one NIC's call while others are in flight (concurrency
	// 8), and uvmnet's strict order, stated over IDs that increase in
	// attach order, applies.
	NICIDs bool
	// Concurrency: the controller honours [Options.Concurrency] above 1;
	// the scenarios then run at concurrency 8 too.
	Concurrency bool
	// Observer: the controller calls [Options.Observer] on every state
	// transition, as uvmnet's Tuning.Observer; the Extensions profile then
	// checks that an observer that panics cannot wedge it.
	Observer bool
}

// Pod is what a shim holds when it builds the network controller of one
// pod: what [Binding.New] receives.
type Pod struct {
	// NamespaceID is the pod's HCN namespace ID.
	NamespaceID string
	// PolicyBasedRouting asks for policy-based routing on every NIC.
	PolicyBasedRouting bool
	// Managers are the pod's VM, HCN and guest.
	Managers
	// Capabilities answers whether the guest accepts namespace add
	// requests.
	Capabilities netcore.CapabilitiesProvider
	// Options are the suite's settings for the controller.
	Options
}

// Managers are what a controller drives: the VM network manager (the
// hcsshim-shaped AddNIC/RemoveNIC surface), the HCN reader, and the
// platform's guest contract, netlcow.GuestNetworkManager or
// netwcow.GuestNetworkManager as the platform binding chooses.
type Managers struct {
	VM    netcore.VMNetworkManager
	Host  netcore.HostNetwork
	Guest any
}

// Options are the suite's settings for a controller, where its
// capabilities say it takes them.
type Options struct {
	// NewNICID returns the next NIC ID, a GUID (Capabilities.NICIDs).
	NewNICID func() (string, error)
	// Concurrency bounds the manager calls one operation has in flight
	// (Capabilities.Concurrency); 1 is one call at a time.
	Concurrency int
	// Observer, when set, is called on every state transition
	// (Capabilities.Observer).
	Observer func(netcore.Transition)
}

// WireGuest is a platform's side of the wire-level run.
type WireGuest struct {
	// OverConnection is the platform's ready guest contract sending bare
	// guest requests on conn (netlcow.NewGuestManager and the like).
	OverConnection func(conn hcsmodify.GuestConnection) any
	// OverComputeSystem is the platform's ready guest contract on the
	// legacy route: requests wrapped in an HCS modify document sent to cs.
	OverComputeSystem func(cs hcsmodify.ComputeSystem) any
	// Agent is the platform's guest agent: it reads one guest request, as
	// the suite decoded it from the bytes on the wire, and applies it to
	// the simulated guest, refusing (with [SimGuest.Reject]) what the real
	// agent would refuse.
	Agent func(ctx context.Context, guest *SimGuest, req WireRequest) error
	// VM, when set, is the shim's own VM network manager over cs; nil
	// means hcsmodify's ready one, [hcsmodify.NewVMNetwork].
	VM func(cs hcsmodify.ComputeSystem) netcore.VMNetworkManager
}

// ExpectGuestCall records one expected call on a platform's gomock guest
// mock: the method, the context matched by anything, then call's
// arguments. It returns the recorded call, to be ordered.
type ExpectGuestCall func(call GuestCall) *gomock.Call

// Controller is what the suite drives of every controller: its lifecycle
// and its state, in netcore's terms. What a controller may lack is in
// the optional interfaces [HotPlugger] and [Migrator], which the
// binding's [Capabilities] declare.
type Controller interface {
	Setup(ctx context.Context) error
	Teardown(ctx context.Context) error
	State() netcore.State
}

// HotPlugger is a controller that follows HCN while the pod runs
// (Capabilities.HotPlug).
type HotPlugger interface {
	Reconcile(ctx context.Context) (netcore.HotPlugResult, error)
	AddEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error)
	RemoveEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error)
}

// Migrator is a controller that takes part in live migration
// (Capabilities.Migration). Resume with zero Managers rolls a frozen
// source back; on a destination it binds the destination's managers.
type Migrator interface {
	Save(ctx context.Context) (*anypb.Any, error)
	Patch(ctx context.Context, namespaceID string) error
	Resume(ctx context.Context, m Managers) error
	ResetAfterMigration(ctx context.Context) error
}

// GuestStepKind is one of the abstract guest steps of a NIC's and a
// namespace's life, which each platform maps to zero or more calls on its
// guest contract.
type GuestStepKind int

// The abstract guest steps, in the order a NIC's life uses them.
const (
	StepAddNamespace GuestStepKind = iota + 1
	StepRemoveNamespace
	StepPrepareNIC
	StepConfigureNIC
	StepRemoveNIC
)

var stepNames = map[GuestStepKind]string{
	StepAddNamespace:    "add namespace",
	StepRemoveNamespace: "remove namespace",
	StepPrepareNIC:      "prepare NIC",
	StepConfigureNIC:    "configure NIC",
	StepRemoveNIC:       "remove NIC",
}

// String names the step as the suite's failures do ("prepare NIC").
func (k GuestStepKind) String() string { return stepNames[k] }

// GuestStep is one abstract guest step with everything a platform needs to
// spell out its calls.
type GuestStep struct {
	Kind GuestStepKind
	// Pod is what the controller knows of the pod, including the guest's
	// answer on namespace support.
	Pod netcore.PodNetwork
	// Namespace is the namespace document, for the namespace steps.
	Namespace *hcnmodel.Namespace
	// NIC is the NIC, for the NIC steps. Its Endpoint is the full HCN
	// document during Setup, and only ID, MAC and name after Import.
	NIC netcore.NICInfo
}

// GuestCall is one expected call on a platform's guest contract.
type GuestCall struct {
	// Method is the method name on the guest contract.
	Method string
	// Args are the arguments after the context: plain values, compared
	// deeply (pointers by what they point to), or gomock matchers.
	Args []any
}
