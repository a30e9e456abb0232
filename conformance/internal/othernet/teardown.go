package othernet

import (
	"context"
	"errors"
	"fmt"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Teardown removes what the records say is left, the NIC attached last
// first, each from the guest before the VM, and then the namespace from the
// guest. It goes on past a NIC that fails and returns every failure; the
// network is then Invalid and Teardown may run again, redoing only what is
// still left. Before Setup and after a completed Teardown it does nothing.
func (n *Network) Teardown(ctx context.Context) error {
	n.op.Lock()
	defer n.op.Unlock()
	switch s := n.State(); s {
	case netcore.StateNotConfigured, netcore.StateTornDown:
		return nil
	case netcore.StateSourceMigrating, netcore.StateDestinationMigrating:
		// The NICs now belong to the destination, or never were this
		// network's: hand over without a call.
		n.nics, n.namespaceInGuest = nil, false
		n.setState(netcore.StateTornDown)
		return nil
	case netcore.StateConfigured, netcore.StateInvalid:
	default:
		return fmt.Errorf("othernet: Teardown of namespace %s in state %s", n.namespaceID, s)
	}
	defer n.markInvalidOnPanic()
	var errs []error
	for i := len(n.nics) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		if err := n.detach(ctx, n.nics[i]); err != nil {
			errs = append(errs, fmt.Errorf("NIC %s (endpoint %s): %w", n.nics[i].nicID, n.nics[i].endpoint.Id, err))
			if n.bug == BugTeardownStopsAtFirstFailure {
				break
			}
		}
	}
	if len(errs) == 0 && n.namespaceInGuest {
		if err := n.removeNamespace(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		n.setState(netcore.StateInvalid)
		return fmt.Errorf("othernet: Teardown of namespace %s: %w", n.namespaceID, errors.Join(errs...))
	}
	n.setState(netcore.StateTornDown)
	return nil
}

// detach removes one NIC: the guest lets go first, then the VM hot-removes
// it. A guest that failed to let go keeps the NIC on the VM too, for the
// next Teardown.
func (n *Network) detach(ctx context.Context, rec *record) error {
	if rec.inGuest {
		if err := n.guest.remove(ctx, n.namespaceID, rec); err != nil && !guestGone(err) {
			return fmt.Errorf("guest removal: %w", err)
		}
		rec.inGuest = false
	}
	if !rec.onVM {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := n.vm.RemoveNIC(ctx, rec.nicID, &rec.adapter); err != nil && !n.vmGone(err) {
		return fmt.Errorf("VM hot-remove: %w", err)
	}
	rec.onVM = false
	return nil
}

// removeNamespace takes the namespace out of the guest, with the document
// HCN holds now; when HCN no longer has it (a pod whose namespace CNI
// already deleted), with the one Setup read.
func (n *Network) removeNamespace(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ns, err := n.host.GetNamespaceByID(ctx, n.namespaceID)
	switch {
	case errors.Is(err, errdefs.ErrNotFound):
		ns = n.namespace
		if ns == nil {
			// A migration destination never read the namespace; the guest
			// knows it by its ID.
			ns = &hcnmodel.Namespace{Id: n.namespaceID}
		}
	case err != nil:
		return fmt.Errorf("read namespace: %w", err)
	default:
		if cerr := checkNamespace(n.namespaceID, ns, n.bug); cerr != nil {
			return cerr
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := n.guest.removeNamespace(ctx, ns); err != nil && !guestGone(err) {
		return fmt.Errorf("guest namespace removal: %w", err)
	}
	n.namespaceInGuest = false
	return nil
}

// guestGone says a guest removal found the guest, or the whole VM, gone:
// nothing is left there to remove.
func guestGone(err error) bool {
	return errors.Is(err, netcore.ErrGuestUnavailable) || errors.Is(err, netcore.ErrVMUnavailable)
}

// vmGone says a VM hot-remove found the VM gone. ErrGuestUnavailable is
// not: a guest connection that is gone says nothing of the VM, whose NIC
// is still there.
func (n *Network) vmGone(err error) bool {
	if n.bug == BugGuestUnavailableCountsAtVM && errors.Is(err, netcore.ErrGuestUnavailable) {
		return true
	}
	return errors.Is(err, netcore.ErrVMUnavailable)
}
