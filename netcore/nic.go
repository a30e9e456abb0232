package netcore

import (
	"context"
	"fmt"
	"strings"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// advance moves the NIC along the NIC machine. An event the NIC's state
// does not accept is a controller bug; it is returned, never ignored.
func (n *nic) advance(e nicEvent) error {
	next, err := n.current().Next(e)
	if err != nil {
		return fmt.Errorf("NIC %s: %w", n.info.ID, err)
	}
	n.state.Store(uint32(next))
	return nil
}

// current returns the NIC's state in the NIC machine.
func (n *nic) current() nicState { return nicState(n.state.Load()) }

// newNIC returns a NIC in the NIC machine's initial state.
func newNIC(info NICInfo) *nic {
	n := &nic{info: info}
	n.state.Store(uint32(initialNicState))
	return n
}

// hostAdapter is the host's view of the NIC: which endpoint backs it.
func (n *nic) hostAdapter() *NetworkAdapter {
	return &NetworkAdapter{EndpointId: n.info.Endpoint.Id, MacAddress: n.info.Endpoint.MacAddress}
}

// nicError names the step, the NIC, its endpoint and the namespace, so an
// operator reading one line of a log knows which device failed where.
func (c *Controller) nicError(step string, n *nic, err error) error {
	return fmt.Errorf("%s NIC %s (endpoint %s) of network %s: %w", step, n.info.ID, n.info.Endpoint.Id, c.pod.NamespaceID, err)
}

// nicStep is one manager call in a NIC's life and the NIC event it earns.
type nicStep struct {
	name  string
	span  string
	event nicEvent
	run   func(c *Controller, ctx context.Context, n *nic) error
	// gone, for a removal, says which failures mean the other side is
	// already gone, so that the removal counts as done (see the error
	// contract at ErrVMUnavailable). Nil for an attach step.
	gone func(error) bool
}

var (
	stepPrepare = nicStep{name: "pre-add", span: "uvmnet.nic.PrepareInGuest", event: nicEventGuestPrepare,
		run: func(c *Controller, ctx context.Context, n *nic) error {
			return c.managers.guest.PrepareNIC(ctx, c.pod, n.info)
		}}
	stepVMAdd = nicStep{name: "vm hot-add", span: "uvmnet.nic.HotAdd", event: nicEventVMAdd,
		run: func(c *Controller, ctx context.Context, n *nic) error {
			return c.managers.vm.AddNIC(ctx, n.info.ID, n.hostAdapter())
		}}
	stepConfigure = nicStep{name: "configure in guest", span: "uvmnet.nic.ConfigureInGuest", event: nicEventGuestConfigure,
		run: func(c *Controller, ctx context.Context, n *nic) error {
			return c.managers.guest.ConfigureNIC(ctx, c.pod, n.info)
		}}

	// A platform that pre-adds tells the guest before the VM hot-add,
	// so the guest is ready when the device arrives.
	stepsWithPrepare    = []nicStep{stepPrepare, stepVMAdd, stepConfigure}
	stepsWithoutPrepare = []nicStep{stepVMAdd, stepConfigure}

	stepGuestRemove = nicStep{name: "remove from guest", span: "uvmnet.nic.RemoveFromGuest", event: nicEventGuestRemove, gone: guestGone,
		run: func(c *Controller, ctx context.Context, n *nic) error {
			return c.managers.guest.RemoveNIC(ctx, c.pod, n.info)
		}}
	stepVMRemove = nicStep{name: "vm hot-remove", span: "uvmnet.nic.HotRemove", event: nicEventVMRemove, gone: vmGone,
		run: func(c *Controller, ctx context.Context, n *nic) error {
			return c.managers.vm.RemoveNIC(ctx, n.info.ID, n.hostAdapter())
		}}

	// The guest lets go of a NIC before the VM loses the device.
	detachSteps = []nicStep{stepGuestRemove, stepVMRemove}
)

// attachSteps returns the platform's attach steps in the order they run.
func (c *Controller) attachSteps() []nicStep {
	if c.managers.guest.PreparesNIC(c.pod) {
		return stepsWithPrepare
	}
	return stepsWithoutPrepare
}

// runStep runs one step of one NIC and records it on the NIC. A removal
// whose failure means the other side is gone is recorded as done.
func (c *Controller) runStep(ctx context.Context, n *nic, step nicStep) (err error) {
	if err := ctx.Err(); err != nil {
		return c.nicError(step.name, n, err)
	}
	ctx, span := c.startNICStep(ctx, step.span, n)
	defer func() { endSpan(span, err) }()
	runErr := step.run(c, ctx, n)
	if runErr != nil && (step.gone == nil || !step.gone(runErr)) {
		return c.nicError(step.name, n, runErr)
	}
	// A removal that found its side gone is done for that side only. A
	// guest removal's error never stands in for the VM's answer, even
	// when it says the VM is gone (on the legacy route it comes from the
	// compute system, whose 0x490 can mean many things): the VM's own
	// hot-remove is still made, and its answer decides; if the VM really
	// is gone, that call says so and costs nothing.
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
	ids, err := c.newNICIDs(endpoints)
	if err != nil {
		return err
	}
	return c.attachWithIDs(ctx, endpoints, ids)
}

// attachWithIDs is attachAll with the NIC IDs already drawn by newNICIDs,
// for a caller that checks them before its own first call.
func (c *Controller) attachWithIDs(ctx context.Context, endpoints []*hcnmodel.Endpoint, ids []string) error {
	first := len(c.nics)
	for i, ep := range endpoints {
		c.track(newNIC(NICInfo{ID: ids[i], Endpoint: ep}))
	}
	c.publish()
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

// newNICIDs draws one NIC ID per endpoint and checks them all before any
// is used: each must be a GUID (it becomes part of an HCS resource path)
// and differ from every tracked NIC's and from the others drawn, or the VM
// would be asked to add, and later remove, one device twice.
func (c *Controller) newNICIDs(endpoints []*hcnmodel.Endpoint) ([]string, error) {
	tracked := c.trackedIDs()
	// IDs drawn by this call, when it draws more than one.
	var drawn map[string]string
	if len(endpoints) > 1 {
		drawn = make(map[string]string, len(endpoints))
	}
	ids := make([]string, len(endpoints))
	for i, ep := range endpoints {
		id, err := c.newNICID()
		if err != nil {
			return nil, fmt.Errorf("network %s: NIC ID for endpoint %s: %w", c.pod.NamespaceID, ep.Id, err)
		}
		if !isGUID(id) {
			return nil, invalidField("Tuning.NewNICID for endpoint "+ep.Id, "NIC ID", id, "not a GUID")
		}
		key := strings.ToLower(id)
		if n := c.trackedID(tracked, key); n != nil {
			return nil, invalidField("Tuning.NewNICID for endpoint "+ep.Id, "NIC ID", id, "already the NIC of endpoint "+n.info.Endpoint.Id)
		}
		if other, dup := drawn[key]; dup {
			return nil, invalidField("Tuning.NewNICID for endpoint "+ep.Id, "NIC ID", id, "already the NIC of endpoint "+other)
		}
		if drawn != nil {
			drawn[key] = ep.Id
		}
		ids[i] = id
	}
	return ids, nil
}

// detach undoes what attach did for one NIC, one step at a time, choosing
// each step from the NIC machine: the guest lets go first, then the VM.
// A step that fails leaves the NIC where it is, so a retry resumes there
// and never repeats a removal that succeeded.
func (c *Controller) detach(ctx context.Context, n *nic) error {
	for !n.current().IsTerminal() {
		step, ok := nextDetachStep(n)
		if !ok {
			if err := n.advance(nicEventAbandon); err != nil {
				return err
			}
			continue
		}
		if err := c.runStep(ctx, n, step); err != nil {
			return err
		}
	}
	return nil
}

// nextDetachStep returns the removal the NIC's state calls for, or false
// when nothing is left to undo. An imported NIC's host side belongs to the
// migration source and is dropped, never hot-removed.
func nextDetachStep(n *nic) (nicStep, bool) {
	for _, step := range detachSteps {
		if step.event == nicEventVMRemove && n.imported {
			continue
		}
		if n.current().Can(step.event) {
			return step, true
		}
	}
	return nicStep{}, false
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
