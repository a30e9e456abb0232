package netcoresubject

import (
	"context"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netcore"
)

// Netcore builds uvmnet's controller over guest contract G.
type Netcore[G any] struct {
	// Steps are the platform's guest steps over a G: netlcow.NewGuestSteps
	// or netwcow.NewGuestSteps.
	Steps func(G) netcore.GuestSteps
}

// Subject is uvmnet's controller as the suite's subject, declaring every
// capability.
func (n Netcore[G]) Subject() conformance.Subject[G] {
	return conformance.Subject[G]{
		Capabilities: conformance.Capabilities{HotPlug: true, Migration: true, NICIDs: true, Concurrency: true, Observer: true},
		New:          n.New,
		Import:       n.Import,
	}
}

// Config is the netcore.Config of pod.
func (n Netcore[G]) Config(pod conformance.Pod[G]) netcore.Config {
	return pod.Config(n.guest(pod.Guest))
}

// New is netcore.New as a [conformance.Subject.New].
func (n Netcore[G]) New(pod conformance.Pod[G]) (conformance.Controller, error) {
	return n.Build(n.Config(pod))
}

// Build is netcore.New over cfg, adapted to the suite's interfaces: for a
// subject that changes the config before building.
func (n Netcore[G]) Build(cfg netcore.Config) (conformance.Controller, error) {
	c, err := netcore.New(cfg)
	if err != nil {
		return nil, err
	}
	return controller[G]{c, n}, nil
}

// Import is netcore.Import as a [conformance.Subject.Import].
func (n Netcore[G]) Import(ctx context.Context, snapshot *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
	c, err := netcore.Import(ctx, snapshot, opts.Tuning())
	if err != nil {
		return nil, err
	}
	return controller[G]{c, n}, nil
}

// guest is the guest steps over g; none for no guest (a source's roll
// back resumes with none).
func (n Netcore[G]) guest(g G) netcore.GuestSteps {
	if any(g) == nil {
		return nil
	}
	return n.Steps(g)
}

// controller is *netcore.Controller with Resume taking the suite's
// managers.
type controller[G any] struct {
	*netcore.Controller
	n Netcore[G]
}

func (c controller[G]) Resume(ctx context.Context, m conformance.Managers[G]) error {
	return c.Controller.Resume(ctx, m.VM, m.Host, c.n.guest(m.Guest))
}
