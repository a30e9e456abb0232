package netcore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/containerd/errdefs"

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
func (c *Controller) Setup(ctx context.Context) error {
	return c.run(ctx, opSetup, c.setup)
}

func (c *Controller) setup(ctx context.Context) error {
	ns, endpoints, err := c.readNamespace(ctx, c.pod.NamespaceID, false)
	if err != nil {
		return err
	}
	// NIC IDs are part of the validation: a bad one must fail Setup
	// before the namespace reaches the guest.
	ids, err := c.newNICIDs(endpoints)
	if err != nil {
		return err
	}
	if err := c.checkPod(endpoints); err != nil {
		return err
	}
	if c.managers.guest.UsesGuestNamespace(c.pod) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("add network %s to guest: %w", c.pod.NamespaceID, err)
		}
		if err := c.managers.guest.AddNamespace(ctx, c.pod, ns); err != nil {
			return fmt.Errorf("add network %s to guest: %w", c.pod.NamespaceID, err)
		}
		// Teardown hands the document back to the guest; a pod whose
		// guest never gets the namespace keeps none.
		c.namespace = ns
		c.guestNamespace = true
	}
	if err := c.attachWithIDs(ctx, endpoints, ids); err != nil {
		return err
	}
	if err := c.fire(EventSetupSucceeded, nil); err != nil {
		return err
	}
	if c.debugLogs {
		c.logger(ctx).WithField("nics", len(c.nics)).Debug("network set up")
	}
	return nil
}

// readNamespace reads the namespace and each of its endpoints from HCN,
// validates them all and returns the endpoints in the order the guest
// should see them. With vanishedOK, an endpoint listed but gone by the
// time it is read (HCN deleted it in between) is left out rather than
// failing the read.
func (c *Controller) readNamespace(ctx context.Context, namespaceID string, vanishedOK bool) (*hcnmodel.Namespace, []*hcnmodel.Endpoint, error) {
	ns, err := c.readNamespaceDocument(ctx, namespaceID)
	if err != nil {
		return nil, nil, err
	}
	ids, err := c.listEndpoints(ctx, namespaceID)
	if err != nil {
		return nil, nil, err
	}
	if len(ids) > MaxNICs {
		return nil, nil, tooManyEndpoints(namespaceID, len(ids))
	}
	endpoints, err := c.readEndpoints(ctx, namespaceID, ids)
	if err != nil {
		return nil, nil, err
	}
	if vanishedOK {
		ids, endpoints = dropVanished(ids, endpoints)
	} else if i := slices.Index(endpoints, nil); i >= 0 {
		return nil, nil, fmt.Errorf("read endpoint %s of network %s: host returned no endpoint: %w", ids[i], namespaceID, errdefs.ErrNotFound)
	}
	if err := validateEndpoints(namespaceID, ids, endpoints); err != nil {
		return nil, nil, fmt.Errorf("network %s: %w", namespaceID, err)
	}
	orderForGuest(endpoints)
	return ns, endpoints, nil
}

// readNamespaceDocument reads the namespace and checks that HCN answered
// for the namespace asked about: the document goes to the guest as it is,
// so another namespace's would be added, and later removed, in its place.
func (c *Controller) readNamespaceDocument(ctx context.Context, namespaceID string) (*hcnmodel.Namespace, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read network %s: %w", namespaceID, err)
	}
	ns, err := c.managers.host.GetNamespaceByID(ctx, namespaceID)
	if err != nil {
		return nil, fmt.Errorf("read network %s: %w", namespaceID, err)
	}
	if ns == nil {
		return nil, fmt.Errorf("read network %s: host returned no namespace: %w", namespaceID, errdefs.ErrNotFound)
	}
	if !strings.EqualFold(ns.Id, namespaceID) {
		return nil, invalidField("network namespace "+namespaceID, "ID", ns.Id, "HCN answered with another namespace")
	}
	return ns, nil
}

// listEndpoints reads the IDs of the namespace's endpoints, in HCN's order.
func (c *Controller) listEndpoints(ctx context.Context, namespaceID string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list endpoints of network %s: %w", namespaceID, err)
	}
	ids, err := c.managers.host.GetNamespaceEndpointIDs(ctx, namespaceID)
	if err != nil {
		return nil, fmt.Errorf("list endpoints of network %s: %w", namespaceID, err)
	}
	return ids, nil
}

// readEndpoint reads one endpoint of the namespace. An endpoint HCN no
// longer has is returned as nil with no error; the caller decides whether
// that is a failure.
func (c *Controller) readEndpoint(ctx context.Context, namespaceID, id string) (*hcnmodel.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read endpoint %s of network %s: %w", id, namespaceID, err)
	}
	ep, err := c.managers.host.GetEndpointByID(ctx, id)
	if errdefs.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read endpoint %s of network %s: %w", id, namespaceID, err)
	}
	return ep, nil
}

// dropVanished leaves out the endpoints that read as nil.
func dropVanished(ids []string, endpoints []*hcnmodel.Endpoint) ([]string, []*hcnmodel.Endpoint) {
	keptIDs, kept := ids[:0:0], endpoints[:0]
	for i, ep := range endpoints {
		if ep != nil {
			keptIDs = append(keptIDs, ids[i])
			kept = append(kept, ep)
		}
	}
	return keptIDs, kept
}
