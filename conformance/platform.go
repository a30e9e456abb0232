package conformance

import (
	"context"

	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Platform binds the suite to one guest platform. The suite is written
// once, in terms of netcore's abstract guest steps; a Platform says how a
// controller for its guest is built and what each abstract step must look
// like on its guest contract. The bindings for the two platforms uvmnet
// ships are [github.com/uvmnet/uvmnet/conformance/lcow.Platform] and
// [github.com/uvmnet/uvmnet/conformance/wcow.Platform].
//
// An integrator who builds controllers differently (through their own
// shim's factory, or with their own manager decorators in between) wraps a
// binding and overrides NewController: the suite then checks their wiring.
// Managers the suite passes in are how it observes the controller, so a
// wrapper may decorate them but must forward every call.
type Platform interface {
	// Name names the platform in scenario results ("lcow", "wcow").
	Name() string

	// NewController builds a controller over cfg, as a shim would.
	NewController(cfg ControllerConfig) (Controller, error)
	// Import rebuilds a controller from a snapshot, as a migration
	// destination would, tuned as tuning says (the suite passes its NIC ID
	// generator and its concurrency, as it does to NewController).
	Import(ctx context.Context, snapshot *anypb.Any, tuning netcore.Tuning) (Controller, error)
	// Resume binds c, made by NewController or Import, to the managers;
	// nil managers keep what c holds.
	Resume(ctx context.Context, c Controller, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest GuestManager) error

	// NewMockGuest returns a gomock mock of the platform's guest contract,
	// bound to ctrl. The suite records expectations on it with
	// [gomock.Controller.RecordCall] and the calls of GuestCalls.
	NewMockGuest(ctrl *gomock.Controller) GuestManager
	// NewSimGuest returns an implementation of the platform's guest
	// contract over the simulator's guest, so that the platform's real
	// guest steps run against simulated state.
	NewSimGuest(guest *SimGuest) GuestManager
	// GuestCalls returns, in order and with exact arguments, the calls the
	// platform's guest manager must receive for step: none when the
	// platform has nothing to do in the guest for it.
	GuestCalls(step GuestStep) []GuestCall
}

// GuestManager is a platform's guest manager (netlcow.GuestNetworkManager
// or netwcow.GuestNetworkManager). The suite never calls it: it only hands
// what one Platform method made back to another, so the core of the suite
// links neither platform.
type GuestManager any

// Controller is what the suite drives: the methods netlcow.Controller and
// netwcow.Controller share (Resume differs and goes through
// [Platform.Resume]).
type Controller interface {
	Setup(ctx context.Context) error
	Teardown(ctx context.Context) error
	Reconcile(ctx context.Context) (netcore.HotPlugResult, error)
	AddEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error)
	RemoveEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error)
	Save(ctx context.Context) (*anypb.Any, error)
	Patch(ctx context.Context, namespaceID string) error
	ResetAfterMigration(ctx context.Context) error
	State() netcore.State
}

// ControllerConfig is what the suite gives [Platform.NewController]: the
// fields of netlcow.Config and netwcow.Config.
type ControllerConfig struct {
	NamespaceID        string
	PolicyBasedRouting bool
	VM                 netcore.VMNetworkManager
	Host               netcore.HostNetwork
	// Guest was made by the same Platform's NewMockGuest or NewSimGuest.
	Guest        GuestManager
	Capabilities netcore.CapabilitiesProvider
	// Tuning is passed on unchanged. The suite sets NewNICID to a
	// deterministic generator, so expected calls can name the NICs, and
	// Concurrency to 1 (the strict one-call-at-a-time order) or 8.
	netcore.Tuning
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
