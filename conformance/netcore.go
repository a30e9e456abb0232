package conformance

import (
	"context"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// Netcore builds uvmnet's own controller for a binding: netcore.New and
// netcore.Import, with the platform's guest steps put in front of the
// guest contract the suite hands in. uvmnet's bindings use it; a binding
// that checks a wrapper around uvmnet's controller may too.
type Netcore struct {
	// Steps returns the platform's guest steps over a guest contract
	// ([Managers.Guest]): netlcow.NewGuestSteps or netwcow.NewGuestSteps.
	Steps func(guest any) netcore.GuestSteps
}

// Capabilities is what uvmnet's controller supports: everything.
func (Netcore) Capabilities() Capabilities {
	return Capabilities{HotPlug: true, Migration: true, NICIDs: true, Concurrency: true, Observer: true}
}

// Config is the netcore.Config of pod.
func (n Netcore) Config(pod Pod) netcore.Config {
	return netcore.Config{
		NamespaceID:        pod.NamespaceID,
		PolicyBasedRouting: pod.PolicyBasedRouting,
		VM:                 pod.VM,
		Host:               pod.Host,
		Guest:              n.steps(pod.Guest),
		Capabilities:       pod.Capabilities,
		Tuning:             tuning(pod.Options),
	}
}

// New is netcore.New as a [Binding.New].
func (n Netcore) New(pod Pod) (Controller, error) { return n.Build(n.Config(pod)) }

// Build is netcore.New over cfg, adapted to the suite's interfaces: for a
// binding that changes the config before building.
func (n Netcore) Build(cfg netcore.Config) (Controller, error) {
	c, err := netcore.New(cfg)
	if err != nil {
		return nil, err
	}
	return netcoreController{c, n}, nil
}

// Import is netcore.Import as a [Binding.Import].
func (n Netcore) Import(ctx context.Context, snapshot *anypb.Any, opts Options) (Controller, error) {
	c, err := netcore.Import(ctx, snapshot, tuning(opts))
	if err != nil {
		return nil, err
	}
	return netcoreController{c, n}, nil
}

// steps is the guest steps over guest, nil for no guest (a source's
// roll back resumes with none).
func (n Netcore) steps(guest any) netcore.GuestSteps {
	if guest == nil {
		return nil
	}
	return n.Steps(guest)
}

func tuning(o Options) netcore.Tuning {
	return netcore.Tuning{NewNICID: o.NewNICID, Concurrency: o.Concurrency, Observer: o.Observer}
}

// netcoreController is *netcore.Controller with Resume taking the
// suite's managers.
type netcoreController struct {
	*netcore.Controller
	n Netcore
}

func (c netcoreController) Resume(ctx context.Context, m Managers) error {
	return c.Controller.Resume(ctx, m.VM, m.Host, c.n.steps(m.Guest))
}

var _ controller = netcoreController{}
