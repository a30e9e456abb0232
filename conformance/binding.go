package conformance

import (
	"context"

	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// Binding ties the suite to one guest platform and to the way controllers
// are built. The suite is written once, in terms of netcore's abstract
// guest steps; a Binding says how a controller is built, how the
// platform's guest steps are put in front of the suite's mocks and its
// simulator, and what each abstract step must look like on the platform's
// guest contract. The bindings uvmnet ships are
// [github.com/uvmnet/uvmnet/conformance/lcow.Binding] and
// [github.com/uvmnet/uvmnet/conformance/wcow.Binding].
//
// Every field is plain data or a func, so an integrator reads what a
// binding does and overrides what differs: New with their shim's
// controller factory, or a func that decorates the managers in
// netcore.Config before building. Managers the suite passes in are how it
// observes the controller, so a decorator may wrap them but must forward
// every call.
type Binding struct {
	// Name names the platform in scenario results ("lcow", "wcow").
	Name string

	// New builds a controller over cfg, as a shim would. Nil means
	// netcore.New.
	New func(cfg netcore.Config) (Controller, error)
	// Import rebuilds a controller from a snapshot, as a migration
	// destination would, tuned as tuning says (the suite passes its NIC ID
	// generator and its concurrency, as it does to New). Nil means
	// netcore.Import.
	Import func(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (Controller, error)

	// MockGuest puts the platform's guest steps in front of a gomock mock
	// of its guest contract, bound to ctrl, and returns them with the
	// function that records an expected call on that mock.
	MockGuest func(ctrl *gomock.Controller) (netcore.GuestSteps, ExpectGuestCall)
	// SimGuest puts the platform's guest steps in front of a guest agent
	// over the simulator's guest, so that the platform's real steps run
	// against simulated state.
	SimGuest func(guest *SimGuest) netcore.GuestSteps
	// GuestCalls returns, in order and with exact arguments, the calls the
	// platform's guest contract must receive for step: none when the
	// platform has nothing to do in the guest for it.
	GuestCalls func(step GuestStep) []GuestCall

	// Wire, when set, adds the wire-level run: the same state, fault and
	// random scenarios through hcsmodify's VM manager and the platform's
	// ready guest manager, over a simulated compute system and guest
	// connection that read the JSON bytes they are sent.
	Wire *WireGuest
}

// WireGuest is a platform's side of the wire-level run.
type WireGuest struct {
	// OverConnection is the platform's ready guest steps sending bare
	// guest requests on conn (netlcow.NewGuestManager and the like).
	OverConnection func(conn hcsmodify.GuestConnection) netcore.GuestSteps
	// OverComputeSystem is the platform's ready guest steps on the legacy
	// route: requests wrapped in an HCS modify document sent to cs.
	OverComputeSystem func(cs hcsmodify.ComputeSystem) netcore.GuestSteps
	// Agent is the platform's guest agent: it reads one guest request, as
	// the suite decoded it from the bytes on the wire, and applies it to
	// the simulated guest, refusing (with [SimGuest.Reject]) what the real
	// agent would refuse.
	Agent func(ctx context.Context, guest *SimGuest, req WireRequest) error
}

// ExpectGuestCall records one expected call on a platform's gomock guest
// mock: the method, the context matched by anything, then call's
// arguments. It returns the recorded call, to be ordered.
type ExpectGuestCall func(call GuestCall) *gomock.Call

// Controller is what the suite drives: the methods of *netcore.Controller.
// It is an interface, not *netcore.Controller, so that a shim that wraps
// the controller (its own locking, metrics or logging around each
// operation) can run the suite against its wrapper, and so that the
// suite's self-tests can prove that a misbehaving controller fails it.
type Controller interface {
	Setup(ctx context.Context) error
	Teardown(ctx context.Context) error
	Reconcile(ctx context.Context) (netcore.HotPlugResult, error)
	AddEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error)
	RemoveEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error)
	Save(ctx context.Context) (*anypb.Any, error)
	Patch(ctx context.Context, namespaceID string) error
	Resume(ctx context.Context, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest netcore.GuestSteps) error
	ResetAfterMigration(ctx context.Context) error
	State() netcore.State
}

var _ Controller = (*netcore.Controller)(nil)

// NewController is netcore.New as a [Binding.New]: the default.
func NewController(cfg netcore.Config) (Controller, error) {
	c, err := netcore.New(cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ImportController is netcore.Import as a [Binding.Import]: the default.
func ImportController(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (Controller, error) {
	c, err := netcore.Import(ctx, snapshot, tuning)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newController builds through b.New, or netcore.New.
func (b Binding) newController(cfg netcore.Config) (Controller, error) {
	if b.New != nil {
		return b.New(cfg)
	}
	return NewController(cfg)
}

// importController imports through b.Import, or netcore.Import.
func (b Binding) importController(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (Controller, error) {
	if b.Import != nil {
		return b.Import(ctx, snapshot, tuning)
	}
	return ImportController(ctx, snapshot, tuning)
}

// GuestStepKind is one of the abstract guest steps of netcore's
// GuestSteps, which each platform maps to zero or more calls on its
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
