package netcore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
)

// MaxSnapshotNICs bounds how many NIC bindings Import accepts. A snapshot
// may come from another machine; the bound keeps a hostile one from making
// the destination allocate without limit. A Utility VM's NIC count is far
// below it.
const MaxSnapshotNICs = 256

// SnapshotTypeURL is the type URL of the snapshots Save produces. It is
// hcsshim's network snapshot URL, and the payload has the same schema, so
// a destination running either controller imports the snapshot. Import
// also accepts the URL uvmnet used before it adopted this one.
const SnapshotTypeURL = savepb.TypeURL

// Save captures the network for a live migration and freezes it: until
// Resume (roll back) or Teardown (hand over), nothing changes. It is allowed
// when Configured, and again when already frozen, so a failed migration
// step can retry it.
func (c *Controller) Save(ctx context.Context) (*anypb.Any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.require("save", EventSaved); err != nil {
		return nil, err
	}
	// A snapshot records NICs as attached and configured; one caught
	// half-way by a failed hot-plug removal would be restored as something
	// it is not.
	for _, n := range c.nics {
		if n.state != nicStateConfigured {
			return nil, fmt.Errorf("cannot save network %s: NIC %s (endpoint %s) is %s, not Configured; retry its removal or tear down: %w",
				c.pod.NamespaceID, n.info.ID, n.info.Endpoint.Id, n.state, errdefs.ErrFailedPrecondition)
		}
	}
	p := &savepb.Payload{
		SchemaVersion:               savepb.SchemaVersion,
		NamespaceId:                 c.pod.NamespaceID,
		PolicyBasedRouting:          c.pod.PolicyBasedRouting,
		IsNamespaceSupportedByGuest: c.pod.GuestNamespaceSupported,
		VmEndpoints:                 make(map[string]*savepb.EndpointBinding, len(c.nics)),
	}
	for _, n := range c.nics {
		ep := n.info.Endpoint
		p.VmEndpoints[n.info.ID] = &savepb.EndpointBinding{
			EndpointId:   ep.Id,
			MacAddress:   ep.MacAddress,
			EndpointName: ep.Name,
		}
	}
	// Deterministic, so that saving the same network twice yields the same
	// bytes and a retried migration step can compare them.
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("save network %s: %w", c.pod.NamespaceID, err)
	}
	if err := c.fire(EventSaved, nil); err != nil {
		return nil, err
	}
	c.logger(ctx).Info("network saved for migration")
	return &anypb.Any{TypeUrl: savepb.TypeURL, Value: b}, nil
}

// Import rebuilds a controller from a snapshot taken by Save, here or by
// hcsshim's controller. The controller is DestinationMigrating: it knows its
// NICs but holds no managers until Resume binds them. The snapshot is
// treated as hostile; anything malformed fails with an invalid-argument
// error naming the field and value. tuning applies to the rebuilt
// controller as [Config.Tuning] does to a new one; a negative
// concurrency is an invalid argument.
func Import(ctx context.Context, snapshot *anypb.Any, tuning Tuning) (*Controller, error) {
	if err := tuning.validate(); err != nil {
		return nil, err
	}
	p, err := decodeSnapshot(snapshot)
	if err != nil {
		return nil, err
	}
	c := newController(tuning)
	c.pod = PodNetwork{
		NamespaceID:             p.GetNamespaceId(),
		PolicyBasedRouting:      p.GetPolicyBasedRouting(),
		GuestNamespaceSupported: p.GetIsNamespaceSupportedByGuest(),
	}
	for nicID, b := range p.GetVmEndpoints() {
		n := &nic{
			info: NICInfo{ID: nicID, Endpoint: &hcnmodel.Endpoint{
				Id:         b.GetEndpointId(),
				MacAddress: b.GetMacAddress(),
				Name:       b.GetEndpointName(),
			}},
			state:    initialNicState,
			imported: true,
		}
		if err := n.advance(nicEventRestore); err != nil {
			return nil, err
		}
		c.nics = append(c.nics, n)
	}
	// A map has no order; rebuild the one Setup would have used, so Save
	// and Teardown behave the same on every run.
	slices.SortFunc(c.nics, func(a, b *nic) int {
		ap := strings.HasSuffix(a.info.Endpoint.Name, primaryNameSuffix)
		bp := strings.HasSuffix(b.info.Endpoint.Name, primaryNameSuffix)
		if ap != bp {
			if ap {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.info.ID, b.info.ID)
	})
	if err := c.fire(EventImported, nil); err != nil {
		return nil, err
	}
	c.logger(ctx).WithField("nics", len(c.nics)).Info("network imported from snapshot")
	return c, nil
}

// decodeSnapshot unwraps and checks a snapshot before anything is built
// from it.
func decodeSnapshot(snapshot *anypb.Any) (*savepb.Payload, error) {
	if snapshot == nil {
		return nil, fmt.Errorf("import network snapshot: snapshot is nil: %w", errdefs.ErrInvalidArgument)
	}
	if u := snapshot.GetTypeUrl(); u != savepb.TypeURL && u != savepb.LegacyTypeURL {
		return nil, invalidField("network snapshot", "TypeUrl", u, "not a network snapshot type")
	}
	p := &savepb.Payload{}
	if err := proto.Unmarshal(snapshot.GetValue(), p); err != nil {
		return nil, fmt.Errorf("import network snapshot: payload does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	if v := p.GetSchemaVersion(); v != savepb.SchemaVersion {
		return nil, invalidField("network snapshot", "SchemaVersion", fmt.Sprint(v), fmt.Sprintf("only version %d is understood", savepb.SchemaVersion))
	}
	if err := validateNamespaceID("NamespaceId", p.GetNamespaceId()); err != nil {
		return nil, fmt.Errorf("import network snapshot: %w", err)
	}
	if n := len(p.GetVmEndpoints()); n > MaxSnapshotNICs {
		return nil, invalidField("network snapshot", "VmEndpoints", fmt.Sprintf("%d bindings", n), fmt.Sprintf("more than %d", MaxSnapshotNICs))
	}
	macs := make(map[[6]byte]string, len(p.GetVmEndpoints()))
	for nicID, b := range p.GetVmEndpoints() {
		obj := fmt.Sprintf("network snapshot: NIC %q", nicID)
		if !isGUID(nicID) {
			return nil, invalidField(obj, "VmEndpoints key", nicID, "not a GUID")
		}
		if b == nil {
			return nil, invalidField(obj, "VmEndpoints", "null", "binding missing")
		}
		if !isGUID(b.GetEndpointId()) {
			return nil, invalidField(obj, "EndpointId", b.GetEndpointId(), "not a GUID")
		}
		mac, reason := parseMAC(b.GetMacAddress())
		if reason != "" {
			return nil, invalidField(obj, "MacAddress", b.GetMacAddress(), reason)
		}
		if other, dup := macs[mac]; dup {
			return nil, invalidField(obj, "MacAddress", b.GetMacAddress(), "same MAC as NIC "+other)
		}
		macs[mac] = nicID
	}
	return p, nil
}
