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

// Error names every failed endpoint with its error, in endpoint ID order,
// so that the message is the same however the calls interleaved.
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
// a NIC whose removal an earlier call left half-done is removed, and
// attached afresh if its endpoint is still in the namespace; everything
// else is left untouched. With no change in HCN it makes no VM or guest
// call. An endpoint HCN lists but deletes before it is read counts as gone.
//
// On partial failure what this call attached for a failed endpoint is
// rolled back, what it removed stays removed, the controller stays
// Configured and the error is a [*HotPlugError] naming each failed
// endpoint. Only if a rollback itself fails does the controller become
// Invalid, for Teardown to finish.
func (c *Controller) Reconcile(ctx context.Context) (res HotPlugResult, err error) {
	err = c.run(ctx, opReconcile, func(ctx context.Context) error {
		_, endpoints, err := c.readNamespace(ctx, c.hostNamespaceID(), true)
		if err != nil {
			return err
		}
		present := make(map[string]bool, len(endpoints))
		for _, ep := range endpoints {
			present[strings.ToLower(ep.Id)] = true
		}
		var leaving []*nic
		attached := make(map[string]bool, len(c.nics))
		for _, n := range c.nics {
			id := strings.ToLower(n.info.Endpoint.Id)
			if present[id] && n.current() == nicStateConfigured {
				attached[id] = true
				continue
			}
			leaving = append(leaving, n)
		}
		var added []*hcnmodel.Endpoint
		for _, ep := range endpoints {
			if !attached[strings.ToLower(ep.Id)] {
				added = append(added, ep)
			}
		}
		if err := c.checkNewMACs(added, leaving); err != nil {
			return err
		}
		res, err = c.hotPlug(ctx, added, leaving)
		return err
	})
	return res, err
}

// AddEndpoint attaches one endpoint of the pod's namespace to a Configured
// network, for a shim that knows exactly what changed. An endpoint already
// attached and configured is left alone; one whose removal an earlier call
// left half-done is removed first and attached afresh. An endpoint the
// namespace does not list is a not-found error. On failure the NIC is
// rolled back and the error is a [*HotPlugError].
func (c *Controller) AddEndpoint(ctx context.Context, endpointID string) (res HotPlugResult, err error) {
	if !isGUID(endpointID) {
		return HotPlugResult{}, invalidField("endpoint", "endpointID", endpointID, "not a GUID")
	}
	err = c.run(ctx, opAddEndpoint, func(ctx context.Context) error {
		var leaving []*nic
		if n := c.findNIC(endpointID); n != nil {
			if n.current() == nicStateConfigured {
				return nil
			}
			leaving = append(leaving, n)
		}
		namespaceID := c.hostNamespaceID()
		if n := len(c.nics) - len(leaving) + 1; n > MaxNICs {
			return tooManyEndpoints(namespaceID, n)
		}
		ids, err := c.listEndpoints(ctx, namespaceID)
		if err != nil {
			return err
		}
		// The exact spelling first: a shim passes the ID as HCN lists it,
		// and comparing bytes is what keeps this scan of HCN's answer
		// cheap in a large pod.
		if !slices.Contains(ids, endpointID) && !slices.ContainsFunc(ids, func(id string) bool { return strings.EqualFold(id, endpointID) }) {
			return fmt.Errorf("add endpoint %s to network %s: the namespace does not list it: %w", endpointID, namespaceID, errdefs.ErrNotFound)
		}
		ep, err := c.readEndpoint(ctx, namespaceID, endpointID)
		if err != nil {
			return err
		}
		if ep == nil {
			return fmt.Errorf("read endpoint %s of network %s: host returned no endpoint: %w", endpointID, namespaceID, errdefs.ErrNotFound)
		}
		if err := validateEndpoints(namespaceID, []string{endpointID}, []*hcnmodel.Endpoint{ep}); err != nil {
			return err
		}
		if err := c.checkNewMACs([]*hcnmodel.Endpoint{ep}, leaving); err != nil {
			return err
		}
		res, err = c.hotPlug(ctx, []*hcnmodel.Endpoint{ep}, leaving)
		return err
	})
	return res, err
}

// RemoveEndpoint detaches the NIC of one endpoint from a Configured
// network. An endpoint that is not attached is a not-found error. A removal
// that fails part-way stays tracked: calling RemoveEndpoint again resumes
// it, Reconcile and AddEndpoint complete it, and Teardown finishes it.
func (c *Controller) RemoveEndpoint(ctx context.Context, endpointID string) (res HotPlugResult, err error) {
	err = c.run(ctx, opRemoveEndpoint, func(ctx context.Context) error {
		n := c.findNIC(endpointID)
		if n == nil {
			return fmt.Errorf("remove endpoint %s from network %s: no NIC carries it: %w", endpointID, c.pod.NamespaceID, errdefs.ErrNotFound)
		}
		res, err = c.hotPlug(ctx, nil, []*nic{n})
		return err
	})
	return res, err
}

// hotPlug detaches the leaving NICs, then attaches the new endpoints,
// rolling back each attach that fails. Removals go first so that a
// replaced endpoint frees its place in the guest before its successor
// takes one; a successor whose predecessor is still attached, because its
// removal failed, is not attached at all: the VM would carry two NICs
// with one MAC address, or two for one endpoint.
func (c *Controller) hotPlug(ctx context.Context, added []*hcnmodel.Endpoint, leaving []*nic) (HotPlugResult, error) {
	var res HotPlugResult
	failed := map[string]error{}
	// One endpoint can fail twice in one call, its old NIC's removal and
	// then its fresh attach: both causes are kept.
	fail := func(endpointID string, err error) {
		if prev, ok := failed[endpointID]; ok {
			err = errors.Join(prev, err)
		}
		failed[endpointID] = err
	}
	for _, n := range leaving {
		if err := c.detach(ctx, n); err != nil {
			fail(n.info.Endpoint.Id, err)
			continue
		}
		res.Removed = append(res.Removed, n.info)
	}
	c.dropDetached(leaving)

	// The NIC IDs are drawn once for the whole call, and each endpoint is
	// checked against the index of what tracked NICs hold: the cost per
	// endpoint does not grow with the pod.
	ids, idErr := c.newNICIDs(added)
	if idErr == nil && len(added) > 0 {
		idErr = c.checkPod(append(c.attachedEndpoints(), added...))
	}
	if idErr != nil {
		for _, ep := range added {
			fail(ep.Id, idErr)
		}
		added = nil
	}
	var stuck []error
	for i, ep := range added {
		if err := c.checkHeld(ep); err != nil {
			fail(ep.Id, err)
			continue
		}
		first := len(c.nics)
		err := c.attachWithIDs(ctx, []*hcnmodel.Endpoint{ep}, ids[i:i+1])
		if err == nil {
			res.Added = append(res.Added, c.nics[first].info)
			continue
		}
		fail(ep.Id, err)
		// The rollback runs even when ctx was cancelled: leaving a NIC
		// half-attached behind a Configured state would be the leak this
		// controller exists to prevent.
		attempted := c.nics[first:]
		for _, n := range attempted {
			if rerr := c.detach(context.WithoutCancel(ctx), n); rerr != nil {
				stuck = append(stuck, fmt.Errorf("roll back endpoint %s: %w", ep.Id, rerr))
			}
		}
		c.dropDetached(attempted)
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
	return c.index().byEndpoint[strings.ToLower(endpointID)]
}

// checkHeld refuses an endpoint whose identity a tracked NIC still holds
// after this call's removals: its predecessor's removal failed, and the
// next Reconcile, once that removal succeeds, attaches it.
func (c *Controller) checkHeld(ep *hcnmodel.Endpoint) error {
	x := c.index()
	if n, ok := x.byEndpoint[strings.ToLower(ep.Id)]; ok {
		return fmt.Errorf("endpoint %s: NIC %s still carries it, its removal unfinished; retry: %w", ep.Id, n.info.ID, errdefs.ErrFailedPrecondition)
	}
	if mac, reason := parseMAC(ep.MacAddress); reason == "" {
		if n, ok := x.byMAC[mac]; ok {
			return fmt.Errorf("endpoint %s: MAC %s still belongs to NIC %s (endpoint %s), its removal unfinished; retry: %w",
				ep.Id, ep.MacAddress, n.info.ID, n.info.Endpoint.Id, errdefs.ErrFailedPrecondition)
		}
	}
	return nil
}

// checkNewMACs rejects a new endpoint whose MAC an attached NIC keeps:
// two NICs with one address would confuse the guest and the switch. NICs
// leaving in the same call are checked again once they are gone (see
// hotPlug), so a replaced endpoint may come back with its old address.
func (c *Controller) checkNewMACs(endpoints []*hcnmodel.Endpoint, leaving []*nic) error {
	byMAC := c.index().byMAC
	isLeaving := func(n *nic) bool { return slices.Contains(leaving, n) }
	if len(leaving) > 8 {
		set := make(map[*nic]bool, len(leaving))
		for _, n := range leaving {
			set[n] = true
		}
		isLeaving = func(n *nic) bool { return set[n] }
	}
	for _, ep := range endpoints {
		mac, reason := parseMAC(ep.MacAddress)
		if reason != "" {
			continue
		}
		if n, ok := byMAC[mac]; ok && !isLeaving(n) {
			return invalidField("endpoint "+ep.Id, "MacAddress", ep.MacAddress, "same MAC as attached endpoint "+n.info.Endpoint.Id)
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
