package netcore

import (
	"context"
	"errors"
	"fmt"
)

// Patch records, on the migration destination, the namespace that holds
// the pod's endpoints on this host. ResetAfterMigration attaches them.
func (c *Controller) Patch(ctx context.Context, namespaceID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.require("patch", EventPatched); err != nil {
		return err
	}
	if err := validateNamespaceID("namespaceID", namespaceID); err != nil {
		return fmt.Errorf("patch network %s: %w", c.pod.NamespaceID, err)
	}
	if err := c.fire(EventPatched, nil); err != nil {
		return err
	}
	c.migratedNamespaceID = namespaceID
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
// Configured controller does nothing.
func (c *Controller) Resume(ctx context.Context, vm VMNetworkManager, host HostNetwork, guest GuestSteps) error {
	c.mu.Lock()
	defer c.mu.Unlock()
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
	fromSnapshot := c.State() == StateDestinationMigrating
	if err := c.fire(EventResumed, nil); err != nil {
		return err
	}
	c.managers = bound
	if fromSnapshot {
		// The snapshot does not say whether the namespace went into the
		// guest; the platform does, from the capability it recorded.
		c.guestNamespace = bound.guest.UsesGuestNamespace(c.pod)
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
// whatever is still attached, source or destination.
func (c *Controller) ResetAfterMigration(ctx context.Context) (err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.migratedNamespaceID == "" {
		return nil
	}
	if err := c.require("reset after migration", EventResetSucceeded); err != nil {
		return err
	}
	ctx, span := c.startOperation(ctx, "uvmnet.ResetAfterMigration")
	defer func() { endSpan(span, err) }()
	defer func() {
		if err != nil {
			if ferr := c.fire(EventResetFailed, err); ferr != nil {
				err = errors.Join(err, ferr)
			}
			c.logger(ctx).WithError(err).Error("network reset after migration failed")
		}
	}()

	for i := len(c.nics) - 1; i >= 0; i-- {
		if err := c.dropSourceNIC(ctx, c.nics[i]); err != nil {
			c.dropRemoved()
			return err
		}
	}
	c.dropRemoved()

	_, endpoints, err := c.readNamespace(ctx, c.migratedNamespaceID)
	if err != nil {
		return err
	}
	if err := c.attachAll(ctx, endpoints); err != nil {
		return err
	}
	if err := c.fire(EventResetSucceeded, nil); err != nil {
		return err
	}
	c.hostNamespace = c.migratedNamespaceID
	c.migratedNamespaceID = ""
	c.logger(ctx).WithField("nics", len(c.nics)).Info("network reset after migration")
	return nil
}

// dropSourceNIC makes the guest let go of a NIC inherited from the source
// and forgets it; the host side is not this VM's to remove.
func (c *Controller) dropSourceNIC(ctx context.Context, n *nic) error {
	if n.state.Can(nicEventGuestRemove) {
		if err := c.detachStep(ctx, n, "remove source NIC from guest", "uvmnet.nic.RemoveFromGuest", nicEventGuestRemove, guestGone); err != nil {
			return err
		}
	}
	return n.advance(nicEventAbandon)
}
