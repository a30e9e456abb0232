package subject

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/hcn"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/vmmanager"
	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/conformance/wcow"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Capabilities is what hcsshim's controller has.
var Capabilities = conformance.Capabilities{Migration: true}

// Upstream is hcsshim's controller as one platform's copy builds it: its
// own methods, and StateName, which the check adds to the copy to read
// its state (hcsshim keeps it unexported).
type Upstream interface {
	Setup(ctx context.Context) error
	Teardown(ctx context.Context) error
	Save(ctx context.Context) (*anypb.Any, error)
	Patch(ctx context.Context, namespaceID string) error
	ResetAfterMigration(ctx context.Context) error
	StateName() string
}

// Platform is one platform's copy of the controller over guest contract
// G, implemented by the check's generated runner over the copied
// package: how to build, import and resume it.
type Platform[G any] struct {
	New    func(pod conformance.Pod[G], vm *vmmanager.UtilityVM) (Upstream, error)
	Import func(ctx context.Context, snapshot *anypb.Any) (Upstream, error)
	// Resume binds vm and the guest contract guest (none with rollback:
	// the controller's own) with capabilities caps.
	Resume func(ctx context.Context, u Upstream, vm *vmmanager.UtilityVM, guest G, caps netcore.CapabilitiesProvider) error
}

// Subject is the copy p as the suite's subject, on the platform of its
// guest contract.
func Subject[G any](p Platform[G]) conformance.Subject[G] {
	return conformance.Subject[G]{
		Capabilities: Capabilities,
		New: func(pod conformance.Pod[G]) (conformance.Controller, error) {
			vm := vmmanager.New(pod.VM)
			up, err := p.New(pod, vm)
			if err != nil {
				return nil, err
			}
			return &controller[G]{up: up, p: p, host: pod.Host, vm: vm, guest: pod.Guest, caps: pod.Capabilities}, nil
		},
		Import: func(ctx context.Context, snap *anypb.Any, _ conformance.Options) (conformance.Controller, error) {
			up, err := p.Import(ctx, snap)
			if err != nil {
				return nil, err
			}
			return &controller[G]{up: up, p: p}, nil
		},
	}
}

// controller is the copy as a conformance controller. It remembers the
// host the controller runs on, whose HCN every read of its operations
// answers from (hcsshim reads the HCN of the machine it runs on), and the
// VM and guest it is bound to, which a source's rollback keeps.
type controller[G any] struct {
	up    Upstream
	p     Platform[G]
	host  netcore.HostNetwork
	vm    *vmmanager.UtilityVM
	guest G
	caps  netcore.CapabilitiesProvider
}

func (c *controller[G]) Setup(ctx context.Context) error {
	hcn.Serve(c.host)
	return c.up.Setup(ctx)
}

func (c *controller[G]) Teardown(ctx context.Context) error {
	hcn.Serve(c.host)
	return c.up.Teardown(ctx)
}

func (c *controller[G]) State() netcore.State {
	name := c.up.StateName()
	for s := netcore.InitialState; s.String() != fmt.Sprintf("State(%d)", s); s++ {
		if s.String() == name {
			return s
		}
	}
	panic(fmt.Sprintf("subject: hcsshim's controller is in state %q, which netcore does not name", name))
}

func (c *controller[G]) Save(ctx context.Context) (*anypb.Any, error) { return c.up.Save(ctx) }

func (c *controller[G]) Patch(ctx context.Context, namespaceID string) error {
	return c.up.Patch(ctx, namespaceID)
}

// Resume binds the destination's managers; with none, it rolls a source
// back onto the VM and guest it already has, as hcsshim's shim passes its
// live ones.
func (c *controller[G]) Resume(ctx context.Context, m conformance.Managers[G]) error {
	if m.VM != nil || any(m.Guest) != nil || m.Host != nil {
		c.host, c.vm, c.guest, c.caps = m.Host, vmmanager.New(m.VM), m.Guest, nil
	}
	return c.p.Resume(ctx, c.up, c.vm, c.guest, c.caps)
}

func (c *controller[G]) ResetAfterMigration(ctx context.Context) error {
	hcn.Serve(c.host)
	return c.up.ResetAfterMigration(ctx)
}

var _ conformance.Migrator[netlcow.GuestNetworkManager] = (*controller[netlcow.GuestNetworkManager])(nil)

// Bindings returns what the check runs: the copies lcow and wcow as the
// subjects of the suite's platforms, WCOW's under each of the Windows
// guest agent's answers.
func Bindings(lcowCopy Platform[netlcow.GuestNetworkManager], wcowCopy Platform[netwcow.GuestNetworkManager]) []conformance.Binding {
	return []conformance.Binding{
		conformance.Bind(lcow.Platform(), Subject(lcowCopy)),
		conformance.Bind(wcow.Platform(), Subject(wcowCopy)),
	}
}
