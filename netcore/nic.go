package netcore

import (
	"context"
	"errors"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// advance moves the NIC along the NIC machine. An event the NIC's state
// does not accept is a controller bug; it is returned, never ignored.
func (n *nic) advance(e NICEvent) error {
	next, err := n.state.Next(e)
	if err != nil {
		return fmt.Errorf("NIC %s: %w", n.info.ID, err)
	}
	n.state = next
	return nil
}

// adapterFor is the host's view of the NIC: which endpoint backs it.
func adapterFor(ep *hcnmodel.Endpoint) *NetworkAdapter {
	return &NetworkAdapter{EndpointId: ep.Id, MacAddress: ep.MacAddress}
}

// nicError names the step, the NIC, its endpoint and the namespace, so an
// operator reading one line of a log knows which device failed where.
func (c *Controller) nicError(step string, n *nic, err error) error {
	return fmt.Errorf("%s NIC %s (endpoint %s) of network %s: %w", step, n.info.ID, n.info.Endpoint.Id, c.pod.NamespaceID, err)
}

// attachAll gives each endpoint a fresh NIC ID and attaches it, in order:
// the guest names NICs in the order they arrive, so the first is eth0.
// Every NIC is tracked before its first call, so a failure at any step
// leaves a record of exactly how far it got.
func (c *Controller) attachAll(ctx context.Context, endpoints []*hcnmodel.Endpoint) error {
	for _, ep := range endpoints {
		id, err := c.newNICID()
		if err != nil {
			return fmt.Errorf("network %s: endpoint %s: %w", c.pod.NamespaceID, ep.Id, err)
		}
		n := &nic{info: NICInfo{ID: id, Endpoint: ep}, state: InitialNICState}
		c.nics = append(c.nics, n)
		if err := c.attach(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// attach runs one NIC's attach steps: the guest pre-add where the platform
// has one, the host hot-add, then the guest configuration.
func (c *Controller) attach(ctx context.Context, n *nic) error {
	guest := c.managers.Guest
	if guest.PreparesNIC(c.pod) {
		if err := ctx.Err(); err != nil {
			return c.nicError("pre-add", n, err)
		}
		if err := guest.PrepareNIC(ctx, c.pod, n.info); err != nil {
			return c.nicError("pre-add", n, err)
		}
		if err := n.advance(NICEventGuestPrepare); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return c.nicError("hot-add", n, err)
	}
	if err := c.managers.VM.AddNIC(ctx, n.info.ID, adapterFor(n.info.Endpoint)); err != nil {
		return c.nicError("hot-add", n, err)
	}
	if err := n.advance(NICEventHostAdd); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return c.nicError("configure in guest", n, err)
	}
	if err := guest.ConfigureNIC(ctx, c.pod, n.info); err != nil {
		return c.nicError("configure in guest", n, err)
	}
	return n.advance(NICEventGuestConfigure)
}

// detach undoes what attach did for one NIC, one step at a time, choosing
// each step from the NIC machine: the guest lets go first, then the VM.
// A step that fails leaves the NIC where it is, so a retry resumes there
// and never repeats a removal that succeeded.
func (c *Controller) detach(ctx context.Context, n *nic) error {
	for !n.state.IsTerminal() {
		var e NICEvent
		switch {
		case n.state.Can(NICEventGuestRemove):
			if err := ctx.Err(); err != nil {
				return c.nicError("remove from guest", n, err)
			}
			err := c.managers.Guest.RemoveNIC(ctx, c.pod, n.info)
			if err != nil && !errors.Is(err, ErrGuestUnavailable) {
				return c.nicError("remove from guest", n, err)
			}
			e = NICEventGuestRemove
		case n.state.Can(NICEventHostRemove):
			if err := ctx.Err(); err != nil {
				return c.nicError("hot-remove", n, err)
			}
			err := c.managers.VM.RemoveNIC(ctx, n.info.ID, adapterFor(n.info.Endpoint))
			if err != nil && !errors.Is(err, ErrVMUnavailable) {
				return c.nicError("hot-remove", n, err)
			}
			e = NICEventHostRemove
		default:
			e = NICEventAbandon
		}
		if err := n.advance(e); err != nil {
			return err
		}
	}
	return nil
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
