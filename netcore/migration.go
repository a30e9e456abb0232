package netcore

import (
	"context"
	"fmt"
)

// Patch records, on the migration destination, the namespace that holds
// the pod's endpoints on this host. ResetAfterMigration attaches them.
// Under an ended ctx it records nothing and returns an error wrapping
// ctx.Err().
func (c *Controller) Patch(ctx context.Context, namespaceID string) error {
	if err := c.lock.acquireFresh(ctx, "patch", c.pod.NamespaceID); err != nil {
		return err
	}
	defer c.lock.release()
	if err := c.require("patch", EventPatched); err != nil {
		return err
	}
	if err := validateNamespaceID("namespaceID", namespaceID); err != nil {
		return fmt.Errorf("patch network %s: %w", c.pod.NamespaceID, err)
	}
	c.migratedNamespaceID = namespaceID
	if err := c.fire(EventPatched, nil); err != nil {
		return err
	}
	c.logger(ctx).WithField("destination-namespace", namespaceID).Debug("network patched")
	return nil
}

// Resume makes a migrating controller operational again: on the
// destination, after Import and Patch, it binds this host's VM, host and
// guest managers; on the source whose migration failed it lifts the freeze
// Save applied. A nil argument keeps what the controller already holds, so
// a source rolling back may pass nils, while a destination must pass all
// three. The guest's namespace capability is not asked again: the
// snapshot's answer describes the guest that was set up. Resume on a
// Configured controller does nothing. Under an ended ctx it binds and
// lifts nothing and returns an error wrapping ctx.Err().
func (c *Controller) Resume(ctx context.Context, vm VMNetworkManager, host HostNetwork, guest GuestSteps) error {
	if err := c.lock.acquireFresh(ctx, "resume", c.pod.NamespaceID); err != nil {
		return err
	}
	defer c.lock.release()
	if c.State() == StateConfigured {
		return nil
	}
	if err := c.require("resume", EventResumed); err != nil {
		return err
	}
	bound := c.managers
	if !isNil(vm) {
		bound.vm = vm
	}
	if !isNil(host) {
		bound.host = host
	}
	if !isNil(guest) {
		bound.guest = guest
	}
	if err := bound.validate(); err != nil {
		return fmt.Errorf("resume network %s: %w", c.pod.NamespaceID, err)
	}
	// The managers are bound before the transition is announced: an
	// observer that panics must not leave a Configured controller with
	// nothing to tear its NICs down with.
	if c.State() == StateDestinationMigrating {
		// The snapshot does not say whether the namespace went into the
		// guest; the platform does, from the capability it recorded.
		c.guestNamespace = bound.guest.UsesGuestNamespace(c.pod)
	}
	c.managers = bound
	if err := c.fire(EventResumed, nil); err != nil {
		return err
	}
	c.logger(ctx).Debug("network resumed")
	return nil
}

// ResetAfterMigration, on the destination after Resume, swaps the NICs
// carried over from the source for the endpoints of the namespace Patch
// named: each source NIC is removed from the guest (its host side stayed
// with the source's endpoints), then each destination endpoint is attached
// under a fresh NIC ID. Without a pending Patch it does nothing.
//
// If it fails part-way the controller is Invalid and Teardown removes
// whatever is still attached under the one rule for imported NICs: a NIC
// carried over from the source leaves the guest but is never hot-removed
// (its host side is the source's), whichever operation removes it; a NIC
// this controller attached is removed from both.
func (c *Controller) ResetAfterMigration(ctx context.Context) error {
	return c.run(ctx, opReset, c.resetAfterMigration)
}

func (c *Controller) resetAfterMigration(ctx context.Context) error {
	// Only imported NICs are the source's; detach takes their guest side
	// and leaves their host side alone.
	for i := len(c.nics) - 1; i >= 0; i-- {
		if !c.nics[i].imported {
			continue
		}
		if err := c.detach(ctx, c.nics[i]); err != nil {
			c.dropRemoved()
			return err
		}
	}
	c.dropRemoved()

	_, endpoints, err := c.readNamespace(ctx, c.migratedNamespaceID, false)
	if err != nil {
		return err
	}
	if err := c.attachAll(ctx, endpoints); err != nil {
		return err
	}
	c.hostNamespace = c.migratedNamespaceID
	c.migratedNamespaceID = ""
	if err := c.fire(EventResetSucceeded, nil); err != nil {
		return err
	}
	c.logger(ctx).WithField("nics", len(c.nics)).Info("network reset after migration")
	return nil
}
