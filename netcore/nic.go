package netcore

import (
	"context"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// advance moves the NIC along the NIC machine. An event the NIC's state
// does not accept is a controller bug; it is returned, never ignored.
func (n *nic) advance(e nicEvent) error {
	next, err := n.state.Next(e)
	if err != nil {
		return fmt.Errorf("NIC %s: %w", n.info.ID, err)
	}
	n.state = next
	return nil
}

// hostAdapter is the host's view of the NIC: which endpoint backs it. It
// lives in the NIC record so a hot-add or hot-remove costs no allocation.
func (n *nic) hostAdapter() *NetworkAdapter {
	n.adapter = NetworkAdapter{EndpointId: n.info.Endpoint.Id, MacAddress: n.info.Endpoint.MacAddress}
	return &n.adapter
}

// nicError names the step, the NIC, its endpoint and the namespace, so an
// operator reading one line of a log knows which device failed where.
func (c *Controller) nicError(step string, n *nic, err error) error {
	return fmt.Errorf("%s NIC %s (endpoint %s) of network %s: %w", step, n.info.ID, n.info.Endpoint.Id, c.pod.NamespaceID, err)
}

// attachStep is one step of a NIC's attach and the NIC event it earns.
type attachStep struct {
	name  string
	span  string
	event nicEvent
	run   func(c *Controller, ctx context.Context, n *nic) error
}

var (
	stepPrepare = attachStep{"pre-add", "uvmnet.nic.PrepareInGuest", nicEventGuestPrepare, func(c *Controller, ctx context.Context, n *nic) error {
		return c.managers.guest.PrepareNIC(ctx, c.pod, n.info)
	}}
	stepHostAdd = attachStep{"hot-add", "uvmnet.nic.HotAdd", nicEventHostAdd, func(c *Controller, ctx context.Context, n *nic) error {
		return c.managers.vm.AddNIC(ctx, n.info.ID, n.hostAdapter())
	}}
	stepConfigure = attachStep{"configure in guest", "uvmnet.nic.ConfigureInGuest", nicEventGuestConfigure, func(c *Controller, ctx context.Context, n *nic) error {
		return c.managers.guest.ConfigureNIC(ctx, c.pod, n.info)
	}}

	// A platform that pre-adds tells the guest before the host hot-add,
	// so the guest is ready when the device arrives.
	stepsWithPrepare    = []attachStep{stepPrepare, stepHostAdd, stepConfigure}
	stepsWithoutPrepare = []attachStep{stepHostAdd, stepConfigure}
)

// attachSteps returns the platform's attach steps in the order they run.
func (c *Controller) attachSteps() []attachStep {
	if c.managers.guest.PreparesNIC(c.pod) {
		return stepsWithPrepare
	}
	return stepsWithoutPrepare
}

// runStep runs one attach step of one NIC and records it on the NIC.
func (c *Controller) runStep(ctx context.Context, n *nic, step attachStep) (err error) {
	if err := ctx.Err(); err != nil {
		return c.nicError(step.name, n, err)
	}
	ctx, span := c.startNICStep(ctx, step.span, n)
	defer func() { endSpan(span, err) }()
	if err := step.run(c, ctx, n); err != nil {
		return c.nicError(step.name, n, err)
	}
	if err := n.advance(step.event); err != nil {
		return err
	}
	c.logNICStep(ctx, step.name, n)
	return nil
}

// attachAll gives each endpoint a fresh NIC ID and attaches them in order:
// the guest names NICs in the order they arrive, so the first is eth0.
// Every NIC is tracked before its first call, so a failure at any step
// leaves a record of exactly how far each got.
func (c *Controller) attachAll(ctx context.Context, endpoints []*hcnmodel.Endpoint) error {
	first := len(c.nics)
	for _, ep := range endpoints {
		id, err := c.newNICID()
		if err != nil {
			return fmt.Errorf("network %s: endpoint %s: %w", c.pod.NamespaceID, ep.Id, err)
		}
		c.nics = append(c.nics, &nic{info: NICInfo{ID: id, Endpoint: ep}, state: initialNicState})
	}
	added := c.nics[first:]
	steps := c.attachSteps()
	if c.concurrency > 1 && len(added) > 1 {
		return c.attachPipelined(ctx, added, steps)
	}
	for _, n := range added {
		for _, step := range steps {
			if err := c.runStep(ctx, n, step); err != nil {
				return err
			}
		}
	}
	return nil
}

// detach undoes what attach did for one NIC, one step at a time, choosing
// each step from the NIC machine: the guest lets go first, then the VM.
// A step that fails leaves the NIC where it is, so a retry resumes there
// and never repeats a removal that succeeded.
func (c *Controller) detach(ctx context.Context, n *nic) error {
	for !n.state.IsTerminal() {
		var err error
		switch {
		case n.state.Can(nicEventGuestRemove):
			err = c.detachStep(ctx, n, "remove from guest", "uvmnet.nic.RemoveFromGuest", nicEventGuestRemove, guestGone)
		case n.state.Can(nicEventHostRemove):
			err = c.detachStep(ctx, n, "hot-remove", "uvmnet.nic.HotRemove", nicEventHostRemove, vmGone)
		default:
			err = n.advance(nicEventAbandon)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// detachStep runs one removal of one NIC. A failure that gone says means
// the other side is gone counts as done: what it held went with it.
func (c *Controller) detachStep(ctx context.Context, n *nic, name, spanName string, e nicEvent, gone func(error) bool) (err error) {
	if err := ctx.Err(); err != nil {
		return c.nicError(name, n, err)
	}
	ctx, span := c.startNICStep(ctx, spanName, n)
	defer func() { endSpan(span, err) }()
	if e == nicEventGuestRemove {
		err = c.managers.guest.RemoveNIC(ctx, c.pod, n.info)
	} else {
		err = c.managers.vm.RemoveNIC(ctx, n.info.ID, n.hostAdapter())
	}
	if err != nil && !gone(err) {
		return c.nicError(name, n, err)
	}
	if err := n.advance(e); err != nil {
		return err
	}
	c.logNICStep(ctx, name, n)
	return nil
}

// detachAll detaches every tracked NIC, last attached first, and returns
// every failure. It goes on past a NIC that fails, but not past a
// cancelled context.
func (c *Controller) detachAll(ctx context.Context) []error {
	if c.concurrency > 1 && len(c.nics) > 1 {
		return c.detachConcurrently(ctx)
	}
	var errs []error
	for i := len(c.nics) - 1; i >= 0; i-- {
		if err := c.detach(ctx, c.nics[i]); err != nil {
			errs = append(errs, err)
			if ctx.Err() != nil {
				break
			}
		}
	}
	return errs
}

// dropRemoved forgets NICs that reached Removed, keeping attach order.
func (c *Controller) dropRemoved() {
	kept := c.nics[:0]
	for _, n := range c.nics {
		if !n.state.IsTerminal() {
			kept = append(kept, n)
		}
	}
	clear(c.nics[len(kept):])
	c.nics = kept
}
