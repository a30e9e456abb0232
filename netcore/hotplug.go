package netcore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// HotPlugResult says what one hot-plug call changed.
type HotPlugResult struct {
	// Added lists the NICs attached by this call.
	Added []NICInfo
	// Removed lists the NICs detached by this call.
	Removed []NICInfo
}

// HotPlugError reports the endpoints a hot-plug call could not change.
// What it added for them was rolled back; removals that failed stay
// tracked and are retried by the next Reconcile or RemoveEndpoint, or
// finished by Teardown.
type HotPlugError struct {
	NamespaceID string
	// Failed maps each endpoint ID that failed to its error.
	Failed map[string]error
}

func (e *HotPlugError) Error() string {
	ids := make([]string, 0, len(e.Failed))
	for id := range e.Failed {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "hot-plug of network %s failed for %d endpoint(s):", e.NamespaceID, len(ids))
	for _, id := range ids {
		fmt.Fprintf(&b, " [%s: %v]", id, e.Failed[id])
	}
	return b.String()
}

// Unwrap exposes every endpoint's error to errors.Is and errors.As.
func (e *HotPlugError) Unwrap() []error {
	errs := make([]error, 0, len(e.Failed))
	for _, err := range e.Failed {
		errs = append(errs, err)
	}
	return errs
}

// Reconcile brings a Configured network in line with HCN as it is now:
// endpoints new to the namespace are attached under fresh NIC IDs, with the
// same steps as Setup; NICs whose endpoint left the namespace are detached;
// everything else is left untouched. With no change in HCN it makes no VM
// or guest call.
//
// On partial failure what this call attached for a failed endpoint is
// rolled back, what it removed stays removed, the controller stays
// Configured and the error is a [*HotPlugError] naming each failed
// endpoint. Only if a rollback itself fails does the controller become
// Invalid, for Teardown to finish.
func (c *Controller) Reconcile(ctx context.Context) (HotPlugResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.require("reconcile", EventHotPlugged); err != nil {
		return HotPlugResult{}, err
	}
	ctx, span := c.startOperation(ctx, "uvmnet.Reconcile")
	_, endpoints, err := c.readNamespace(ctx, c.hostNamespaceID())
	if err != nil {
		endSpan(span, err)
		return HotPlugResult{}, err
	}
	present := make(map[string]bool, len(endpoints))
	for _, ep := range endpoints {
		present[strings.ToLower(ep.Id)] = true
	}
	var vanished []*nic
	tracked := make(map[string]bool, len(c.nics))
	for _, n := range c.nics {
		id := strings.ToLower(n.info.Endpoint.Id)
		tracked[id] = true
		if !present[id] {
			vanished = append(vanished, n)
		}
	}
	var added []*hcnmodel.Endpoint
	for _, ep := range endpoints {
		if !tracked[strings.ToLower(ep.Id)] {
			added = append(added, ep)
		}
	}
	if err := c.checkNewMACs(added, vanished); err != nil {
		endSpan(span, err)
		return HotPlugResult{}, err
	}
	res, err := c.hotPlug(ctx, added, vanished)
	endSpan(span, err)
	return res, err
}

// AddEndpoint attaches one endpoint of the pod's namespace to a Configured
// network, for a shim that knows exactly what changed. An endpoint already
// attached is left alone. On failure the NIC is rolled back and the error
// is a [*HotPlugError].
func (c *Controller) AddEndpoint(ctx context.Context, endpointID string) (HotPlugResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.require("add an endpoint to", EventHotPlugged); err != nil {
		return HotPlugResult{}, err
	}
	if !isGUID(endpointID) {
		return HotPlugResult{}, invalidField("endpoint", "endpointID", endpointID, "not a GUID")
	}
	if c.findNIC(endpointID) != nil {
		return HotPlugResult{}, nil
	}
	ctx, span := c.startOperation(ctx, "uvmnet.AddEndpoint")
	ep, err := c.readEndpoint(ctx, c.hostNamespaceID(), endpointID)
	if err == nil {
		err = validateEndpoints(c.hostNamespaceID(), []string{endpointID}, []*hcnmodel.Endpoint{ep})
	}
	if err == nil {
		err = c.checkNewMACs([]*hcnmodel.Endpoint{ep}, nil)
	}
	if err != nil {
		endSpan(span, err)
		return HotPlugResult{}, err
	}
	res, err := c.hotPlug(ctx, []*hcnmodel.Endpoint{ep}, nil)
	endSpan(span, err)
	return res, err
}

// RemoveEndpoint detaches the NIC of one endpoint from a Configured
// network. An endpoint that is not attached is a not-found error. A removal
// that fails part-way stays tracked: calling RemoveEndpoint again resumes
// it, and Teardown finishes it.
func (c *Controller) RemoveEndpoint(ctx context.Context, endpointID string) (HotPlugResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.require("remove an endpoint from", EventHotPlugged); err != nil {
		return HotPlugResult{}, err
	}
	n := c.findNIC(endpointID)
	if n == nil {
		return HotPlugResult{}, fmt.Errorf("remove endpoint %s from network %s: no NIC carries it: %w", endpointID, c.pod.NamespaceID, errdefs.ErrNotFound)
	}
	ctx, span := c.startOperation(ctx, "uvmnet.RemoveEndpoint")
	res, err := c.hotPlug(ctx, nil, []*nic{n})
	endSpan(span, err)
	return res, err
}

// hotPlug detaches the vanished NICs, then attaches the new endpoints,
// rolling back each attach that fails. Removals go first so that a
// replaced endpoint frees its place in the guest before its successor
// takes one.
func (c *Controller) hotPlug(ctx context.Context, added []*hcnmodel.Endpoint, vanished []*nic) (HotPlugResult, error) {
	var res HotPlugResult
	failed := map[string]error{}
	for _, n := range vanished {
		if err := c.detach(ctx, n); err != nil {
			failed[n.info.Endpoint.Id] = err
			continue
		}
		res.Removed = append(res.Removed, n.info)
	}
	c.dropRemoved()

	var stuck []error
	for _, ep := range added {
		first := len(c.nics)
		err := c.attachAll(ctx, []*hcnmodel.Endpoint{ep})
		if err == nil {
			res.Added = append(res.Added, c.nics[first].info)
			continue
		}
		failed[ep.Id] = err
		// The rollback runs even when ctx was cancelled: leaving a NIC
		// half-attached behind a Configured state would be the leak this
		// controller exists to prevent.
		for _, n := range c.nics[first:] {
			if rerr := c.detach(context.WithoutCancel(ctx), n); rerr != nil {
				stuck = append(stuck, fmt.Errorf("roll back endpoint %s: %w", ep.Id, rerr))
			}
		}
		c.dropRemoved()
	}

	var err error
	if len(failed) > 0 {
		err = &HotPlugError{NamespaceID: c.pod.NamespaceID, Failed: failed}
	}
	if len(stuck) > 0 {
		err = errors.Join(append([]error{err}, stuck...)...)
		if ferr := c.fire(EventHotPlugStuck, err); ferr != nil {
			err = errors.Join(err, ferr)
		}
		c.logger(ctx).WithError(err).Error("network hot-plug rollback failed")
		return res, err
	}
	if len(res.Added)+len(res.Removed)+len(failed) > 0 {
		if ferr := c.fire(EventHotPlugged, err); ferr != nil {
			return res, errors.Join(err, ferr)
		}
		c.logger(ctx).WithField("added", len(res.Added)).WithField("removed", len(res.Removed)).WithField("failed", len(failed)).Info("network hot-plugged")
	}
	return res, err
}

// findNIC returns the tracked NIC carrying the endpoint, or nil.
func (c *Controller) findNIC(endpointID string) *nic {
	for _, n := range c.nics {
		if strings.EqualFold(n.info.Endpoint.Id, endpointID) {
			return n
		}
	}
	return nil
}

// checkNewMACs rejects a new endpoint whose MAC an attached NIC keeps:
// two NICs with one address would confuse the guest and the switch. NICs
// leaving in the same call do not count, so a replaced endpoint may come
// back with its old address.
func (c *Controller) checkNewMACs(endpoints []*hcnmodel.Endpoint, leaving []*nic) error {
	for _, ep := range endpoints {
		for _, n := range c.nics {
			if slices.Contains(leaving, n) {
				continue
			}
			if sameMAC(n.info.Endpoint.MacAddress, ep.MacAddress) {
				return invalidField("endpoint "+ep.Id, "MacAddress", ep.MacAddress, "same MAC as attached endpoint "+n.info.Endpoint.Id)
			}
		}
	}
	return nil
}

// hostNamespaceID is the namespace whose endpoints the NICs carry now: the
// pod's own, or after a migration reset the destination's.
func (c *Controller) hostNamespaceID() string {
	if c.hostNamespace != "" {
		return c.hostNamespace
	}
	return c.pod.NamespaceID
}
