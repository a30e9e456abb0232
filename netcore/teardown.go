package netcore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Teardown removes every NIC the controller attached, guest side first, and
// then the namespace from the guest. It keeps going past a NIC that fails
// and returns every failure joined; the controller is then Invalid and
// Teardown may be called again: it resumes each NIC where it stopped and
// never repeats a removal that succeeded.
//
// Before Setup and after a completed Teardown it does nothing and returns
// nil. While migrating it drops the NICs without removing them: on the
// source they now belong to the destination, and on the destination they
// were never attached by this controller. A NIC a destination imported
// from a snapshot is removed from the guest only; its host side is the
// source's.
//
// A cancelled ctx stops Teardown before its next manager call; the error
// wraps ctx.Err() and the controller is left Invalid, ready for a retry.
func (c *Controller) Teardown(ctx context.Context) error {
	return c.run(ctx, opTeardown, c.teardown)
}

func (c *Controller) teardown(ctx context.Context) error {
	if c.State().Can(EventMigrationTornDown) {
		return c.handOver(ctx)
	}
	errs := c.detachAll(ctx)
	c.dropRemoved()
	if len(errs) == 0 && c.guestNamespace {
		if err := c.removeGuestNamespace(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := c.fire(EventTeardownSucceeded, nil); err != nil {
		return err
	}
	c.namespace = nil
	if c.debugLogs {
		c.logger(ctx).Debug("network torn down")
	}
	return nil
}

// handOver ends a migrating controller: its NICs are dropped, not removed.
func (c *Controller) handOver(ctx context.Context) error {
	for _, n := range c.nics {
		if err := n.advance(nicEventAbandon); err != nil {
			return err
		}
	}
	c.untrackAll()
	c.guestNamespace = false
	if err := c.fire(EventMigrationTornDown, nil); err != nil {
		return err
	}
	c.logger(ctx).Info("network handed over: migration ended, nothing removed")
	return nil
}

// removeGuestNamespace takes the namespace out of the guest. It hands back
// the document Setup read; a controller rebuilt from a snapshot has none and
// reads it again, falling back to the bare ID when the host no longer knows
// it, or answers with another namespace (the guest only needs the ID to
// find what to remove).
func (c *Controller) removeGuestNamespace(ctx context.Context) error {
	id := c.pod.NamespaceID
	ns := c.namespace
	if ns == nil {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("read network %s: %w", id, err)
		}
		read, err := c.managers.host.GetNamespaceByID(ctx, id)
		switch {
		case err == nil && read != nil && strings.EqualFold(read.Id, id):
			ns = read
		case err == nil || errdefs.IsNotFound(err):
			ns = &hcnmodel.Namespace{Id: id}
		default:
			return fmt.Errorf("read network %s: %w", id, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("remove network %s from guest: %w", id, err)
	}
	if err := c.managers.guest.RemoveNamespace(ctx, c.pod, ns); err != nil && !guestGone(err) {
		return fmt.Errorf("remove network %s from guest: %w", id, err)
	}
	c.guestNamespace = false
	return nil
}
