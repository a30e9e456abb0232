package conformance

import (
	"context"

	"google.golang.org/protobuf/types/known/anypb"

	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// Platform is one guest platform's half of the suite, typed by its guest
// contract G: how the suite stands in for that guest (a gomock mock, a
// guest agent over the simulator, the ready guest managers on the wire)
// and what calls that guest must receive. uvmnet ships two,
// [github.com/uvmnet/uvmnet/conformance/lcow.Platform] for
// netlcow.GuestNetworkManager and
// [github.com/uvmnet/uvmnet/conformance/wcow.Platform] for
// netwcow.GuestNetworkManager; a [Subject] of the same G is checked on it.
type Platform[G any] struct {
	// Name names the platform in results ("lcow", "wcow").
	Name string
	// MockGuest returns a gomock mock of G bound to ctrl, with the
	// function that records an expected call on it.
	MockGuest func(ctrl *gomock.Controller) (guest G, expect ExpectGuestCall)
	// SimGuest returns G over the simulated guest: a guest agent that
	// applies each request to simulated state.
	SimGuest func(guest *SimGuest) G
	// GuestCalls returns, in order and with exact arguments, the calls G
	// must receive for step: none when the platform has nothing to do in
	// the guest for it.
	GuestCalls func(step GuestStep) []GuestCall
	// StartSandbox, when set, starts the pod's sandbox in the simulated
	// guest, as the platform's guest agent does when the pod's sandbox
	// container is created; the sandbox scenarios then run. Linux guests
	// set it ([SimGuest.StartSandbox]); the Windows guest agent is closed
	// source, and its sandbox has no rule to judge by.
	StartSandbox func(ctx context.Context, guest *SimGuest, namespaceID string) error
	// Wire, when set, adds the wire-level run.
	Wire *WireGuest[G]
	// Answers, when set, runs the suite once per answer of a guest agent
	// whose behaviour is not known (the Windows guest agent is closed
	// source): each run's simulated agent answers as one says, named
	// "<Name>-<answers>" after the first.
	Answers []simworld.Answers
}

// WireGuest is a platform's side of the wire-level run: the same state,
// fault and random scenarios through hcsmodify's VM manager and the
// platform's ready guest manager, over a simulated compute system and
// guest connection that read the JSON bytes they are sent.
type WireGuest[G any] struct {
	// OverConnection is the platform's ready guest contract sending bare
	// guest requests on conn (netlcow.NewGuestManager and the like).
	OverConnection func(conn hcsmodify.GuestConnection) G
	// OverComputeSystem is the platform's ready guest contract on the
	// legacy route: requests wrapped in an HCS modify document sent to cs.
	OverComputeSystem func(cs hcsmodify.ComputeSystem) G
	// Agent is the platform's guest agent: it reads one guest request, as
	// the suite decoded it from the bytes on the wire, and applies it to
	// the simulated guest, refusing (with [SimGuest.Reject]) what the real
	// agent would refuse.
	Agent func(ctx context.Context, guest *SimGuest, req WireRequest) error
	// VM, when set, is the shim's own VM network manager over cs; nil
	// means hcsmodify's ready one, [hcsmodify.NewVMNetwork].
	VM func(cs hcsmodify.ComputeSystem) netcore.VMNetworkManager
}

// Subject is the controller under test: how to build it, as a shim
// would, and what it declares. Its New receives a [Pod] of the
// platform's guest contract G, so it is checked on a [Platform] of the
// same G.
type Subject[G any] struct {
	// Capabilities says what the controller supports; scenarios needing
	// anything else are reported as not applicable.
	Capabilities Capabilities
	// New builds a controller for pod, as a shim would. Required.
	New func(pod Pod[G]) (Controller, error)
	// Import rebuilds a controller from a snapshot, as a migration
	// destination would, with the suite's options. Required when
	// Capabilities.Migration is set; unused otherwise.
	Import func(ctx context.Context, snapshot *anypb.Any, opts Options) (Controller, error)
	// Wrap, when set, decorates every controller the suite builds, from
	// New and from Import alike, so that a shim's wrapper (its locking,
	// metrics, logging) is checked on migration destinations too. It must
	// keep the optional interfaces the capabilities declare, and never
	// return nil.
	Wrap func(Controller) Controller
}

// Pod is what a shim holds when it builds the network controller of one
// pod: what [Subject.New] receives, with the platform's guest contract
// G. [Pod.Config] is all of it as uvmnet's netcore.Config.
type Pod[G any] struct {
	// NamespaceID is the pod's HCN namespace ID.
	NamespaceID string
	// PolicyBasedRouting asks for policy-based routing on every NIC.
	PolicyBasedRouting bool
	// Managers are the pod's VM, HCN and guest.
	Managers[G]
	// Capabilities answers whether the guest accepts namespace add
	// requests.
	Capabilities netcore.CapabilitiesProvider
	// Options are the suite's settings for the controller.
	Options
}

// Config is pod as the netcore.Config of uvmnet's controller, with steps
// (netlcow.NewGuestSteps(pod.Guest) or netwcow's) as its guest: every
// field of the pod, so that a controller built on netcore.New drops none.
func (p Pod[G]) Config(steps netcore.GuestSteps) netcore.Config {
	return netcore.Config{
		NamespaceID:        p.NamespaceID,
		PolicyBasedRouting: p.PolicyBasedRouting,
		VM:                 p.VM,
		Host:               p.Host,
		Guest:              steps,
		Capabilities:       p.Capabilities,
		Tuning:             p.Tuning(),
	}
}

// Managers are what a controller drives: the VM network manager (the
// hcsshim-shaped AddNIC/RemoveNIC surface), the HCN reader, and the
// platform's guest contract G. [Migrator.Resume] receives them zero to
// roll a source back.
type Managers[G any] struct {
	VM    netcore.VMNetworkManager
	Host  netcore.HostNetwork
	Guest G
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

// Tuning is o as uvmnet's netcore.Tuning.
func (o Options) Tuning() netcore.Tuning {
	return netcore.Tuning{NewNICID: o.NewNICID, Concurrency: o.Concurrency, Observer: o.Observer}
}

// Capabilities is what a controller declares it supports. The zero value
// is the least a pod-network controller does: Setup and Teardown, one
// call at a time, with NIC IDs of its own choosing.
type Capabilities struct {
	// HotPlug: the controller implements [HotPlugger].
	HotPlug bool
	// Migration: the controller implements [Migrator], and
	// [Subject.Import] rebuilds one from a snapshot.
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

// Controller is what the suite drives of every controller: its lifecycle
// and its state, in netcore's terms. What a controller may lack is in
// the optional interfaces [HotPlugger] and [Migrator], which the
// subject's [Capabilities] declare.
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

// Migrator is a controller of guest contract G that takes part in live
// migration (Capabilities.Migration). Resume with zero Managers rolls a
// frozen source back; on a destination it binds the destination's
// managers.
type Migrator[G any] interface {
	Save(ctx context.Context) (*anypb.Any, error)
	Patch(ctx context.Context, namespaceID string) error
	Resume(ctx context.Context, m Managers[G]) error
	ResetAfterMigration(ctx context.Context) error
}
