package othernet

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Setup attaches every endpoint of the pod's namespace to the VM and the
// guest, one at a time, eth0 first. It reads and checks everything before
// the first VM or guest call. It runs once: from NotConfigured it ends in
// Configured or, on any failure, Invalid with the records of what it did,
// which Teardown undoes.
func (n *Network) Setup(ctx context.Context) (err error) {
	n.op.Lock()
	defer n.op.Unlock()
	if s := n.State(); s != netcore.StateNotConfigured {
		return fmt.Errorf("othernet: Setup of namespace %s in state %s: only a new network is set up", n.namespaceID, s)
	}
	defer n.markInvalidOnPanic()
	defer func() {
		if err != nil {
			n.setState(netcore.StateInvalid)
			err = fmt.Errorf("othernet: Setup of namespace %s: %w", n.namespaceID, err)
		}
	}()
	ns, eps, err := n.read(ctx, n.namespaceID)
	if err != nil {
		return err
	}
	recs, err := n.plan(eps)
	if err != nil {
		return err
	}
	n.nics, n.namespace = recs, ns
	if n.guest.addsNamespace(n.nsSupported) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := n.guest.addNamespace(ctx, ns); err != nil {
			return fmt.Errorf("guest namespace add: %w", err)
		}
		n.namespaceInGuest = true
	}
	if err := n.attachAll(ctx, recs); err != nil {
		return err
	}
	n.setState(netcore.StateConfigured)
	return nil
}

// attachAll attaches recs in order, stopping at the first that fails.
func (n *Network) attachAll(ctx context.Context, recs []*record) error {
	var failed error
	for _, rec := range recs {
		if err := n.attach(ctx, rec); err != nil {
			failed = errors.Join(failed, fmt.Errorf("NIC %s (endpoint %s): %w", rec.nicID, rec.endpoint.Id, err))
			if n.bug != BugKeepsAttaching {
				break
			}
		}
	}
	return failed
}

// read reads the HCN namespace hostNamespaceID and its endpoints, and
// checks them.
func (n *Network) read(ctx context.Context, hostNamespaceID string) (*hcnmodel.Namespace, []*hcnmodel.Endpoint, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	ns, err := n.host.GetNamespaceByID(ctx, hostNamespaceID)
	if err != nil {
		return nil, nil, fmt.Errorf("read namespace: %w", err)
	}
	if err := checkNamespace(hostNamespaceID, ns, n.bug); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	ids, err := n.host.GetNamespaceEndpointIDs(ctx, hostNamespaceID)
	if err != nil {
		return nil, nil, fmt.Errorf("list endpoints: %w", err)
	}
	eps := make([]*hcnmodel.Endpoint, 0, len(ids))
	read := make([]string, 0, len(ids))
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		ep, err := n.host.GetEndpointByID(ctx, id)
		if err != nil && n.bug == BugSkipsVanishedEndpoint {
			continue
		}
		if err != nil {
			// An endpoint the namespace lists but HCN cannot read is a pod
			// that is not whole: refuse it rather than set up a part.
			return nil, nil, fmt.Errorf("read endpoint %s: %w", id, err)
		}
		eps, read = append(eps, ep), append(read, id)
	}
	if err := checkEndpoints(hostNamespaceID, read, eps, n.bug); err != nil {
		return nil, nil, err
	}
	return ns, eps, nil
}

// plan makes one record per endpoint, eth0 first and HCN's order
// otherwise, each with its NIC ID and the documents its calls send. The
// guest knows the pod by its namespace ID, even when the endpoints come
// from another namespace after a migration.
func (n *Network) plan(eps []*hcnmodel.Endpoint) ([]*record, error) {
	ordered := slices.Clone(eps)
	slices.SortStableFunc(ordered, func(a, b *hcnmodel.Endpoint) int {
		return eth0Rank(a) - eth0Rank(b)
	})
	recs := make([]*record, 0, len(ordered))
	for _, ep := range ordered {
		id, err := n.newNICID()
		if err != nil {
			return nil, err
		}
		rec := &record{nicID: id, endpoint: ep, adapter: netcore.NetworkAdapter{EndpointId: ep.Id, MacAddress: ep.MacAddress}}
		if n.guest.linux != nil && n.nsSupported {
			if rec.linuxAdapter, err = netlcow.BuildAdapter(n.namespaceID, id, ep, n.pbr); err != nil {
				return nil, fmt.Errorf("endpoint %s: %w", ep.Id, err)
			}
		}
		recs = append(recs, rec)
	}
	if n.bug == BugAttachesInNICIDOrder {
		slices.SortFunc(recs, func(a, b *record) int { return strings.Compare(a.nicID, b.nicID) })
	}
	return recs, nil
}

// eth0Rank puts the endpoint whose name ends in eth0 first: the first NIC
// a guest sees becomes its eth0.
func eth0Rank(ep *hcnmodel.Endpoint) int {
	if strings.HasSuffix(ep.Name, "eth0") {
		return 0
	}
	return 1
}

// attach walks one NIC through the guest's pre-add, the VM hot-add and the
// guest's add, recording each step once it succeeded. A pre-add whose
// hot-add failed is undone here, so the guest does not keep a NIC the VM
// never got; if that undo fails too, the record keeps it for Teardown.
func (n *Network) attach(ctx context.Context, rec *record) error {
	if n.guest.preAdds() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := n.guest.preAdd(ctx, rec); n.addFailed(err) {
			return fmt.Errorf("guest pre-add: %w", err)
		}
		rec.inGuest = true
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := n.vm.AddNIC(ctx, rec.nicID, &rec.adapter); n.addFailed(err) {
		err = fmt.Errorf("VM hot-add: %w", err)
		if rec.inGuest && ctx.Err() == nil {
			if uerr := n.guest.remove(ctx, n.namespaceID, rec); uerr == nil || guestGone(uerr) {
				rec.inGuest = false
			} else {
				err = fmt.Errorf("%w; undoing the guest pre-add: %w", err, uerr)
			}
		}
		return err
	}
	rec.onVM = true
	if !n.guest.configures(n.nsSupported) {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := n.guest.add(ctx, rec); n.addFailed(err) {
		return fmt.Errorf("guest add: %w", err)
	}
	rec.inGuest = true
	return nil
}

// addFailed says whether an add's err is a failure: any error is, even one
// saying the VM or the guest is gone.
func (n *Network) addFailed(err error) bool {
	if n.bug == BugGoneAddCountsDone && guestGone(err) {
		return false
	}
	return err != nil
}
