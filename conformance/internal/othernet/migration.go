package othernet

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Save captures the network for a live migration, in hcsshim's snapshot
// format, and freezes it until Resume rolls back or Teardown hands over.
// A retry while frozen returns the same snapshot.
func (n *Network) Save(context.Context) (*anypb.Any, error) {
	n.op.Lock()
	defer n.op.Unlock()
	switch s := n.State(); s {
	case netcore.StateSourceMigrating:
		return &anypb.Any{TypeUrl: SnapshotTypeURL, Value: n.frozen}, nil
	case netcore.StateConfigured:
	default:
		return nil, fmt.Errorf("othernet: Save of namespace %s in state %s", n.namespaceID, s)
	}
	snap := snapshot{version: 1, namespaceID: n.namespaceID, pbr: n.pbr, nsSupported: n.nsSupported}
	for _, rec := range n.nics {
		snap.nics = append(snap.nics, snapshotNIC{nicID: rec.nicID, endpointID: rec.endpoint.Id, mac: rec.endpoint.MacAddress, name: rec.endpoint.Name})
	}
	n.frozen = snap.encode()
	n.setState(netcore.StateSourceMigrating)
	return &anypb.Any{TypeUrl: SnapshotTypeURL, Value: n.frozen}, nil
}

// Import rebuilds, on the migration destination, the network a snapshot
// describes, DestinationMigrating and without managers until Resume. The
// snapshot is hostile input: anything malformed is refused. newNICID and
// bug are as in Config.
func Import(snap *anypb.Any, newNICID func() (string, error), bug Bug) (*Network, error) {
	if snap == nil {
		return nil, errors.New("othernet: Import of no snapshot")
	}
	if snap.GetTypeUrl() != SnapshotTypeURL {
		return nil, fmt.Errorf("othernet: Import of a %q, not a %q", snap.GetTypeUrl(), SnapshotTypeURL)
	}
	s, err := decodeSnapshot(snap.GetValue(), bug)
	if err != nil {
		return nil, fmt.Errorf("othernet: Import: %w", err)
	}
	n := &Network{namespaceID: s.namespaceID, pbr: s.pbr, nsSupported: s.nsSupported, newNICID: newNICID, bug: bug}
	if n.newNICID == nil {
		n.newNICID = randomGUID
	}
	for _, nic := range s.nics {
		// The VM side of an imported NIC is the source host's: this
		// network only ever makes the guest let go of it.
		n.nics = append(n.nics, &record{
			nicID:    nic.nicID,
			endpoint: &hcnmodel.Endpoint{Id: nic.endpointID, MacAddress: nic.mac, Name: nic.name},
			adapter:  netcore.NetworkAdapter{EndpointId: nic.endpointID, MacAddress: nic.mac},
			imported: true,
		})
	}
	n.setState(netcore.StateDestinationMigrating)
	return n, nil
}

// Patch records, on the destination, the HCN namespace that holds the
// pod's endpoints on this host, for ResetAfterMigration.
func (n *Network) Patch(_ context.Context, namespaceID string) error {
	n.op.Lock()
	defer n.op.Unlock()
	if s := n.State(); s != netcore.StateDestinationMigrating {
		return fmt.Errorf("othernet: Patch of namespace %s in state %s", n.namespaceID, s)
	}
	if !isGUID(namespaceID) && n.bug != BugPatchAcceptsAnyID {
		return fmt.Errorf("othernet: Patch of namespace %s: destination namespace %q is not a GUID", n.namespaceID, namespaceID)
	}
	n.destination = namespaceID
	return nil
}

// Resume lifts a source's freeze (its managers are already bound; the
// arguments may be nil), or binds a destination to this host's managers.
// The guest it holds is the one the source set up, so what it holds of
// each imported NIC and of the namespace follows the snapshot's answer on
// namespace support. On a Configured network it does nothing.
func (n *Network) Resume(_ context.Context, vm netcore.VMNetworkManager, host netcore.HostNetwork, guest Guest) error {
	n.op.Lock()
	defer n.op.Unlock()
	switch s := n.State(); s {
	case netcore.StateConfigured:
		return nil
	case netcore.StateSourceMigrating:
		n.frozen = nil
		n.setState(netcore.StateConfigured)
		return nil
	case netcore.StateDestinationMigrating:
	default:
		return fmt.Errorf("othernet: Resume of namespace %s in state %s", n.namespaceID, s)
	}
	if vm == nil || host == nil || !guest.valid() {
		return fmt.Errorf("othernet: Resume of namespace %s: a destination needs a VM, a host and a guest", n.namespaceID)
	}
	n.vm, n.host, n.guest = vm, host, guest
	n.namespaceInGuest = guest.addsNamespace(n.nsSupported)
	for _, rec := range n.nics {
		rec.inGuest = guest.preAdds() || guest.configures(n.nsSupported)
	}
	n.setState(netcore.StateConfigured)
	return nil
}

// ResetAfterMigration swaps the NICs carried over from the source for the
// endpoints of the namespace Patch recorded: the guest lets go of each
// imported NIC, last first (the VM side is the source's), then the
// destination's endpoints are read, checked and attached as Setup does,
// under fresh NIC IDs. A failure leaves the network Invalid, for Teardown.
func (n *Network) ResetAfterMigration(ctx context.Context) (err error) {
	n.op.Lock()
	defer n.op.Unlock()
	if s := n.State(); s != netcore.StateConfigured || n.destination == "" {
		return fmt.Errorf("othernet: ResetAfterMigration of namespace %s in state %s, destination %q: only a resumed, patched destination is reset", n.namespaceID, s, n.destination)
	}
	defer n.markInvalidOnPanic()
	defer func() {
		if err != nil {
			n.setState(netcore.StateInvalid)
			err = fmt.Errorf("othernet: ResetAfterMigration of namespace %s: %w", n.namespaceID, err)
		}
	}()
	for i := len(n.nics) - 1; i >= 0; i-- {
		rec := n.nics[i]
		if !rec.imported {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := n.detach(ctx, rec); err != nil {
			return fmt.Errorf("NIC %s (endpoint %s): %w", rec.nicID, rec.endpoint.Id, err)
		}
		n.nics = append(n.nics[:i], n.nics[i+1:]...)
	}
	_, eps, err := n.read(ctx, n.destination)
	if err != nil {
		return err
	}
	recs, err := n.plan(eps)
	if err != nil {
		return err
	}
	n.nics = append(n.nics, recs...)
	n.destination = ""
	return n.attachAll(ctx, recs)
}
