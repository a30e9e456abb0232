package netcore

import (
	"context"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Setup attaches every endpoint of the pod's namespace to the Utility VM and
// configures it in the guest. It runs once: from NotConfigured it ends in
// Configured, or, on any failure, in Invalid with every step it completed
// tracked, so that Teardown undoes exactly those. Nothing reaches the VM or
// the guest until every endpoint has been read and validated.
//
// A cancelled ctx stops Setup before its next manager call; the error wraps
// ctx.Err().
func (c *Controller) Setup(ctx context.Context) (err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.require("set up", EventSetupSucceeded); err != nil {
		return err
	}
	ctx, span := c.startOperation(ctx, "uvmnet.Setup")
	defer func() { endSpan(span, err) }()
	defer func() {
		if err != nil {
			if ferr := c.fire(EventSetupFailed, err); ferr != nil {
				err = fmt.Errorf("%w; %w", err, ferr)
			}
			c.logger(ctx).WithError(err).Error("network setup failed")
		}
	}()

	ns, endpoints, err := c.readNamespace(ctx, c.pod.NamespaceID)
	if err != nil {
		return err
	}
	c.namespace = ns
	if c.managers.guest.UsesGuestNamespace(c.pod) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("add network %s to guest: %w", c.pod.NamespaceID, err)
		}
		if err := c.managers.guest.AddNamespace(ctx, c.pod, ns); err != nil {
			return fmt.Errorf("add network %s to guest: %w", c.pod.NamespaceID, err)
		}
		c.guestNamespace = true
	}
	if err := c.attachAll(ctx, endpoints); err != nil {
		return err
	}
	if err := c.fire(EventSetupSucceeded, nil); err != nil {
		return err
	}
	if debugEnabled(ctx) {
		c.logger(ctx).WithField("nics", len(c.nics)).Debug("network set up")
	}
	return nil
}

// readNamespace reads the namespace and each of its endpoints from HCN,
// validates them all and returns the endpoints in the order the guest
// should see them.
func (c *Controller) readNamespace(ctx context.Context, namespaceID string) (*hcnmodel.Namespace, []*hcnmodel.Endpoint, error) {
	host := c.managers.host
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("read network %s: %w", namespaceID, err)
	}
	ns, err := host.GetNamespaceByID(ctx, namespaceID)
	if err != nil {
		return nil, nil, fmt.Errorf("read network %s: %w", namespaceID, err)
	}
	if ns == nil {
		return nil, nil, fmt.Errorf("read network %s: host returned no namespace: %w", namespaceID, errNotFound)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("list endpoints of network %s: %w", namespaceID, err)
	}
	ids, err := host.GetNamespaceEndpointIDs(ctx, namespaceID)
	if err != nil {
		return nil, nil, fmt.Errorf("list endpoints of network %s: %w", namespaceID, err)
	}
	endpoints, err := c.readEndpoints(ctx, namespaceID, ids)
	if err != nil {
		return nil, nil, err
	}
	if err := validateEndpoints(namespaceID, ids, endpoints); err != nil {
		return nil, nil, fmt.Errorf("network %s: %w", namespaceID, err)
	}
	orderForGuest(endpoints)
	return ns, endpoints, nil
}

// readEndpoint reads one endpoint of the namespace.
func (c *Controller) readEndpoint(ctx context.Context, namespaceID, id string) (*hcnmodel.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read endpoint %s of network %s: %w", id, namespaceID, err)
	}
	ep, err := c.managers.host.GetEndpointByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read endpoint %s of network %s: %w", id, namespaceID, err)
	}
	if ep == nil {
		return nil, fmt.Errorf("read endpoint %s of network %s: host returned no endpoint: %w", id, namespaceID, errNotFound)
	}
	return ep, nil
}
