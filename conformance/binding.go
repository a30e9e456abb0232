package conformance

import (
	"context"
	"fmt"

	"go.uber.org/mock/gomock"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// Binding is a [Subject] bound to a [Platform] of the same guest
// contract, ready for [Suite.Run] and [Suite.Check]: what [Bind] returns.
type Binding struct {
	runs []binding
}

// Bind binds s to p: the one value the suite runs. A platform with
// [Platform.Answers] yields one run per answer.
func Bind[G any](p Platform[G], s Subject[G]) Binding {
	answers := p.Answers
	if len(answers) == 0 {
		answers = []simworld.Answers{simworld.Pedantic}
	}
	out := Binding{}
	for _, a := range answers {
		name := p.Name
		if !answersAsItself(a) {
			name += "-" + a.String()
		}
		out.runs = append(out.runs, bindOne(name, p, s, a))
	}
	return out
}

// answersAsItself reports whether a guest agent given a answers as the
// platform's agent does by itself: strictly, the Windows agent given
// Pedantic answering as Strict says.
func answersAsItself(a simworld.Answers) bool { return a == simworld.Pedantic || a == simworld.Strict }

// bindOne is p and s as one run, the simulated guest agent answering as a
// says.
func bindOne[G any](name string, p Platform[G], s Subject[G], a simworld.Answers) binding {
	answering := func(g *SimGuest) *SimGuest {
		if answersAsItself(a) {
			return g
		}
		return g.Answering(a)
	}
	b := binding{
		Name:         name,
		Capabilities: s.Capabilities,
		Wrap:         s.Wrap,
		migrator: func(c Controller) (migrator, bool) {
			m, ok := c.(Migrator[G])
			if !ok {
				return nil, false
			}
			return typedMigrator[G]{m}, true
		},
		GuestCalls:   p.GuestCalls,
		StartSandbox: p.StartSandbox,
	}
	if s.New != nil {
		b.New = func(pod anyPod) (Controller, error) {
			return s.New(Pod[G]{
				NamespaceID:        pod.NamespaceID,
				PolicyBasedRouting: pod.PolicyBasedRouting,
				Managers:           typedManagers[G](pod.anyManagers),
				Capabilities:       pod.Capabilities,
				Options:            pod.Options,
			})
		}
	}
	if s.Import != nil {
		b.Import = s.Import
	}
	if p.MockGuest != nil {
		b.MockGuest = func(ctrl *gomock.Controller) (any, ExpectGuestCall) { return p.MockGuest(ctrl) }
	}
	if p.SimGuest != nil {
		b.SimGuest = func(g *SimGuest) any { return p.SimGuest(answering(g)) }
	}
	if w := p.Wire; w != nil {
		b.Wire = &wireBinding{
			OverConnection:    func(conn hcsmodify.GuestConnection) any { return w.OverConnection(conn) },
			OverComputeSystem: func(cs hcsmodify.ComputeSystem) any { return w.OverComputeSystem(cs) },
			Agent: func(ctx context.Context, g *SimGuest, req WireRequest) error {
				return w.Agent(ctx, answering(g), req)
			},
			VM: w.VM,
		}
	}
	return b
}

// typedManagers is m with its guest as G: a guest the platform's own
// functions made, or none.
func typedManagers[G any](m anyManagers) Managers[G] {
	out := Managers[G]{VM: m.VM, Host: m.Host}
	if m.Guest != nil {
		g, ok := m.Guest.(G)
		if !ok {
			// Every guest the suite hands out comes from the platform's
			// functions, which return G: this is the suite's own bug.
			panic(fmt.Sprintf("conformance: guest %T is not the platform's guest contract %T", m.Guest, out.Guest))
		}
		out.Guest = g
	}
	return out
}

// typedMigrator is a Migrator[G] as the scenarios drive it.
type typedMigrator[G any] struct{ m Migrator[G] }

func (t typedMigrator[G]) Save(ctx context.Context) (*anypb.Any, error) { return t.m.Save(ctx) }
func (t typedMigrator[G]) Patch(ctx context.Context, id string) error   { return t.m.Patch(ctx, id) }
func (t typedMigrator[G]) ResetAfterMigration(ctx context.Context) error {
	return t.m.ResetAfterMigration(ctx)
}
func (t typedMigrator[G]) Resume(ctx context.Context, m anyManagers) error {
	return t.m.Resume(ctx, typedManagers[G](m))
}

// binding is one run of a [Binding]: the platform and subject with the
// guest contract erased, as the scenarios drive them. Every guest in it
// comes from the platform's functions, typed G.
type binding struct {
	Name         string
	Capabilities Capabilities
	New          func(pod anyPod) (Controller, error)
	Import       func(ctx context.Context, snapshot *anypb.Any, opts Options) (Controller, error)
	Wrap         func(Controller) Controller
	// migrator resolves a controller's Migrator[G].
	migrator   func(Controller) (migrator, bool)
	MockGuest  func(ctrl *gomock.Controller) (guest any, expect ExpectGuestCall)
	SimGuest   func(guest *SimGuest) any
	GuestCalls func(step GuestStep) []GuestCall
	// StartSandbox is [Platform.StartSandbox].
	StartSandbox func(ctx context.Context, guest *SimGuest, namespaceID string) error
	Wire         *wireBinding
}

// anyPod is a [Pod] with its guest erased.
type anyPod struct {
	NamespaceID        string
	PolicyBasedRouting bool
	anyManagers
	Capabilities netcore.CapabilitiesProvider
	Options
}

// anyManagers are [Managers] with the guest erased.
type anyManagers struct {
	VM    netcore.VMNetworkManager
	Host  netcore.HostNetwork
	Guest any
}

// wireBinding is a [WireGuest] with the guest erased.
type wireBinding struct {
	OverConnection    func(conn hcsmodify.GuestConnection) any
	OverComputeSystem func(cs hcsmodify.ComputeSystem) any
	Agent             func(ctx context.Context, guest *SimGuest, req WireRequest) error
	VM                func(cs hcsmodify.ComputeSystem) netcore.VMNetworkManager
}

// migrator is a [Migrator] with the guest erased.
type migrator interface {
	Save(ctx context.Context) (*anypb.Any, error)
	Patch(ctx context.Context, namespaceID string) error
	Resume(ctx context.Context, m anyManagers) error
	ResetAfterMigration(ctx context.Context) error
}
