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

// Platform is one platform's copy of the controller, implemented by the
// check's generated runner over the copied package: how to build,
// import and resume it. guest is the platform's guest contract.
type Platform struct {
	New    func(pod conformance.Pod, vm *vmmanager.UtilityVM) (Upstream, error)
	Import func(ctx context.Context, snapshot *anypb.Any) (Upstream, error)
	// Resume binds vm and the guest contract guest (nil with rollback: the
	// controller's own) with capabilities caps.
	Resume func(ctx context.Context, u Upstream, vm *vmmanager.UtilityVM, guest any, caps netcore.CapabilitiesProvider) error
}

// Bind returns b, a platform binding of the suite, with the copy p as its
// controller; b keeps its guests (mock, simulated, on the wire).
func Bind(b conformance.Binding, p Platform) conformance.Binding {
	b.Capabilities = Capabilities
	b.New = func(pod conformance.Pod) (conformance.Controller, error) {
		vm := vmmanager.New(pod.VM)
		up, err := p.New(pod, vm)
		if err != nil {
			return nil, err
		}
		return &controller{up: up, p: p, host: pod.Host, vm: vm, guest: pod.Guest, caps: pod.Capabilities}, nil
	}
	b.Import = func(ctx context.Context, snap *anypb.Any, _ conformance.Options) (conformance.Controller, error) {
		up, err := p.Import(ctx, snap)
		if err != nil {
			return nil, err
		}
		return &controller{up: up, p: p}, nil
	}
	b.Wrap = nil
	return b
}

// controller is the copy as a conformance controller. It remembers the
// host the controller runs on, whose HCN every read of its operations
// answers from (hcsshim reads the HCN of the machine it runs on), and the
// VM and guest it is bound to, which a source's rollback keeps.
type controller struct {
	up    Upstream
	p     Platform
	host  netcore.HostNetwork
	vm    *vmmanager.UtilityVM
	guest any
	caps  netcore.CapabilitiesProvider
}

func (c *controller) Setup(ctx context.Context) error {
	hcn.Serve(c.host)
	return c.up.Setup(ctx)
}

func (c *controller) Teardown(ctx context.Context) error {
	hcn.Serve(c.host)
	return c.up.Teardown(ctx)
}

func (c *controller) State() netcore.State {
	name := c.up.StateName()
	for s := netcore.InitialState; s.String() != fmt.Sprintf("State(%d)", s); s++ {
		if s.String() == name {
			return s
		}
	}
	panic(fmt.Sprintf("subject: hcsshim's controller is in state %q, which netcore does not name", name))
}

func (c *controller) Save(ctx context.Context) (*anypb.Any, error) { return c.up.Save(ctx) }

func (c *controller) Patch(ctx context.Context, namespaceID string) error {
	return c.up.Patch(ctx, namespaceID)
}

// Resume binds the destination's managers; with none, it rolls a source
// back onto the VM and guest it already has, as hcsshim's shim passes its
// live ones.
func (c *controller) Resume(ctx context.Context, m conformance.Managers) error {
	if m.VM != nil || m.Guest != nil || m.Host != nil {
		c.host, c.vm, c.guest, c.caps = m.Host, vmmanager.New(m.VM), m.Guest, nil
	}
	return c.p.Resume(ctx, c.up, c.vm, c.guest, c.caps)
}

func (c *controller) ResetAfterMigration(ctx context.Context) error {
	hcn.Serve(c.host)
	return c.up.ResetAfterMigration(ctx)
}

var _ conformance.Migrator = (*controller)(nil)

// Bindings returns the suite's bindings the check runs, with the copies
// lcow and wcow as their controllers: lcow, and wcow under each of the
// Windows guest agent's answers.
func Bindings(lcowCopy, wcowCopy Platform) []conformance.Binding {
	out := []conformance.Binding{Bind(lcow.Binding(), lcowCopy)}
	for _, b := range wcow.Bindings() {
		out = append(out, Bind(b, wcowCopy))
	}
	return out
}
