// Package othernetbind puts the second controller, othernet, behind the
// conformance suite's Binding as the suite's API stands: a foreign
// controller built through Binding.New from a netcore.Config, and
// Binding.Import from a snapshot. The suite
// hands that func uvmnet's netcore.GuestSteps, while othernet speaks to the
// platform's guest contract, so the binding's guest factories wrap each
// contract in a Carrier that New unwraps. The self-tests of
// conformance/lcow and conformance/wcow build their bindings from it.
package othernetbind

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/othernet"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// Carrier is a platform's guest steps that also carry the guest contract
// they drive, so that New can hand othernet the contract itself. The steps
// are there only because the suite's Config.Guest has that type; othernet
// never calls them.
type Carrier struct {
	netcore.GuestSteps
	Guest othernet.Guest
}

// errUnsupported answers every operation othernet does not have.
var errUnsupported = errors.New("othernet: not supported")

// New builds an othernet controller over cfg, whose Guest must be a
// Carrier.
func New(cfg netcore.Config) (conformance.Controller, error) { return build(cfg, othernet.NoBug) }

// Planted is New with bug planted in every controller it builds.
func Planted(bug othernet.Bug) func(cfg netcore.Config) (conformance.Controller, error) {
	return func(cfg netcore.Config) (conformance.Controller, error) { return build(cfg, bug) }
}

func build(cfg netcore.Config, bug othernet.Bug) (conformance.Controller, error) {
	carrier, ok := cfg.Guest.(Carrier)
	if !ok {
		return nil, fmt.Errorf("othernetbind: Config.Guest is %T, not a Carrier", cfg.Guest)
	}
	n, err := othernet.New(othernet.Config{
		NamespaceID:        cfg.NamespaceID,
		PolicyBasedRouting: cfg.PolicyBasedRouting,
		VM:                 cfg.VM,
		Host:               cfg.Host,
		Guest:              carrier.Guest,
		Capabilities:       cfg.Capabilities,
		NewNICID:           cfg.Tuning.NewNICID,
		Bug:                bug,
	})
	if err != nil {
		return nil, err
	}
	return controller{n}, nil
}

// Import rebuilds an othernet controller from a snapshot, with the
// suite's NIC ID generator; othernet has no other tuning.
func Import(ctx context.Context, snap *anypb.Any, tuning netcore.Tuning) (conformance.Controller, error) {
	return PlantedImport(othernet.NoBug)(ctx, snap, tuning)
}

// PlantedImport is Import with bug planted in every controller it builds.
func PlantedImport(bug othernet.Bug) func(context.Context, *anypb.Any, netcore.Tuning) (conformance.Controller, error) {
	return func(_ context.Context, snap *anypb.Any, tuning netcore.Tuning) (conformance.Controller, error) {
		return importWith(snap, tuning, bug)
	}
}

func importWith(snap *anypb.Any, tuning netcore.Tuning, bug othernet.Bug) (conformance.Controller, error) {
	n, err := othernet.Import(snap, tuning.NewNICID, bug)
	if err != nil {
		return nil, err
	}
	return controller{n}, nil
}

// controller is othernet's Network with hot-plug refused and the guest of
// Resume unwrapped from its Carrier.
type controller struct{ *othernet.Network }

func (controller) Reconcile(context.Context) (netcore.HotPlugResult, error) {
	return netcore.HotPlugResult{}, fmt.Errorf("Reconcile: %w", errUnsupported)
}

func (controller) AddEndpoint(context.Context, string) (netcore.HotPlugResult, error) {
	return netcore.HotPlugResult{}, fmt.Errorf("AddEndpoint: %w", errUnsupported)
}

func (controller) RemoveEndpoint(context.Context, string) (netcore.HotPlugResult, error) {
	return netcore.HotPlugResult{}, fmt.Errorf("RemoveEndpoint: %w", errUnsupported)
}

func (c controller) Resume(ctx context.Context, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest netcore.GuestSteps) error {
	var g othernet.Guest
	if carrier, ok := guest.(Carrier); ok {
		g = carrier.Guest
	} else if guest != nil {
		return fmt.Errorf("othernetbind: Resume guest is %T, not a Carrier", guest)
	}
	return c.Network.Resume(ctx, vm, host, g)
}

// Platform is how one guest platform's contract M is built for each
// guest the suite makes, and how it is shown to othernet and to the suite.
type Platform[M any] struct {
	// Guest is M as othernet's guest: othernet.LinuxGuest or WindowsGuest.
	Guest func(M) othernet.Guest
	// Steps is M as the suite's guest steps (netlcow.NewGuestSteps...).
	Steps func(M) netcore.GuestSteps
	// Mock, Sim, OverConnection and OverComputeSystem build M over the
	// suite's gomock controller, its simulated guest, and its two wire
	// routes.
	Mock              func(*gomock.Controller) M
	Sim               func(*conformance.SimGuest) M
	OverConnection    func(hcsmodify.GuestConnection) M
	OverComputeSystem func(hcsmodify.ComputeSystem) M
}

// Rebind returns b, a platform's own binding, with othernet as its
// controller: every guest b would build is built as p says and carried to
// othernet, and the suite still sees the platform's guest steps.
func Rebind[M any](b conformance.Binding, p Platform[M]) conformance.Binding {
	carry := func(m M) netcore.GuestSteps { return Carrier{GuestSteps: p.Steps(m), Guest: p.Guest(m)} }
	b.Name += "-othernet"
	b.New = New
	b.Import = Import
	b.MockGuest = func(ctrl *gomock.Controller) (netcore.GuestSteps, conformance.ExpectGuestCall) {
		m := p.Mock(ctrl)
		return carry(m), func(c conformance.GuestCall) *gomock.Call {
			return ctrl.RecordCall(m, c.Method, append([]any{gomock.Any()}, c.Args...)...)
		}
	}
	b.SimGuest = func(g *conformance.SimGuest) netcore.GuestSteps { return carry(p.Sim(g)) }
	wire := *b.Wire
	wire.OverConnection = func(conn hcsmodify.GuestConnection) netcore.GuestSteps { return carry(p.OverConnection(conn)) }
	wire.OverComputeSystem = func(cs hcsmodify.ComputeSystem) netcore.GuestSteps { return carry(p.OverComputeSystem(cs)) }
	b.Wire = &wire
	return b
}
