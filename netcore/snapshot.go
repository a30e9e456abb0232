package netcore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
)

// MaxSnapshotNICs bounds how many NIC bindings a snapshot may hold. Import
// refuses more, and Save refuses to write more, so a network Save accepts
// is one Import takes back. A snapshot may come from another machine; the
// bound keeps a hostile one from making the destination allocate without
// limit, and Import applies it by counting the bindings on the wire before
// decoding any.
//
// Deprecated: it is MaxNICs, the one bound on a pod's NICs; use that.
const MaxSnapshotNICs = MaxNICs

// MaxSnapshotBytes bounds the encoded size of a snapshot's payload, checked
// by Import before it reads anything and by Save before it freezes. A real
// binding is two GUIDs, a MAC and an endpoint name (a CNI container ID and
// an interface name, under 100 bytes), about 200 bytes encoded; the bound
// gives each of MaxNICs bindings 16 KiB, eighty times that, while keeping
// what a hostile snapshot can make Import allocate to a small multiple of
// 1 MiB.
const MaxSnapshotBytes = 1 << 20

// SnapshotTypeURL is the type URL of the snapshots Save produces. It is
// hcsshim's network snapshot URL, and the payload has the same schema, so
// a destination running either controller imports the snapshot. Import
// also accepts the URL uvmnet used before it adopted this one.
const SnapshotTypeURL = savepb.TypeURL

// Save captures the network for a live migration and freezes it: until
// Resume (roll back) or Teardown (hand over), nothing changes. It is allowed
// when Configured, and again when already frozen, so a failed migration
// step can retry it. Under an ended ctx it neither captures nor freezes
// anything and returns an error wrapping ctx.Err().
func (c *Controller) Save(ctx context.Context) (*anypb.Any, error) {
	if err := c.lock.acquireFresh(ctx, "save", c.pod.NamespaceID); err != nil {
		return nil, err
	}
	defer c.lock.release()
	if err := c.require("save", EventSaved); err != nil {
		return nil, err
	}
	// A snapshot records NICs as attached and configured; one caught
	// half-way by a failed hot-plug removal would be restored as something
	// it is not.
	for _, n := range c.nics {
		if n.current() != nicStateConfigured {
			return nil, fmt.Errorf("cannot save network %s: NIC %s (endpoint %s) is %s, not Configured; retry its removal or tear down: %w",
				c.pod.NamespaceID, n.info.ID, n.info.Endpoint.Id, n.current(), errdefs.ErrFailedPrecondition)
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
		// Two NICs under one ID would collapse into one map entry, and the
		// destination would never remove the other.
		if prev, dup := p.VmEndpoints[n.info.ID]; dup {
			return nil, c.unsaveable(invalidField("network snapshot: NIC "+n.info.ID, "VmEndpoints key", n.info.ID,
				"two NICs share the ID (endpoints "+prev.GetEndpointId()+" and "+ep.Id+")"))
		}
		p.VmEndpoints[n.info.ID] = &savepb.EndpointBinding{
			EndpointId:   ep.Id,
			MacAddress:   ep.MacAddress,
			EndpointName: ep.Name,
		}
	}
	// What Save writes, Import must take back: a snapshot the destination
	// refuses is found out only after the source froze for it.
	if err := validatePayload(p); err != nil {
		return nil, c.unsaveable(err)
	}
	// Deterministic, so that saving the same network twice yields the same
	// bytes and a retried migration step can compare them.
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(p)
	if err != nil {
		return nil, c.unsaveable(err)
	}
	if len(b) > MaxSnapshotBytes {
		return nil, c.unsaveable(snapshotTooLarge(len(b)))
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
		n := newNIC(NICInfo{ID: nicID, Endpoint: &hcnmodel.Endpoint{
			Id:         b.GetEndpointId(),
			MacAddress: b.GetMacAddress(),
			Name:       b.GetEndpointName(),
		}})
		n.imported = true
		if err := n.advance(nicEventRestore); err != nil {
			return nil, err
		}
		c.nics = append(c.nics, n) // indexed on first use, once sorted
	}
	// A map has no order; rebuild the one Setup would have used, so Save
	// and Teardown behave the same on every run.
	slices.SortFunc(c.nics, func(a, b *nic) int {
		return cmp.Or(primaryFirst(a.info.Endpoint.Name, b.info.Endpoint.Name), cmp.Compare(a.info.ID, b.info.ID))
	})
	if err := c.fire(EventImported, nil); err != nil {
		return nil, err
	}
	c.logger(ctx).WithField("nics", len(c.nics)).Info("network imported from snapshot")
	return c, nil
}

// unsaveable is Save's error when the network cannot be written as a
// snapshot Import accepts (more NICs than MaxNICs, a NIC ID that is
// not a GUID, two NICs with one MAC): a failed precondition, since the
// controller's own state is at fault, carrying the message Import would
// have given. Nothing has changed: the network is still in the state Save
// found it in.
func (c *Controller) unsaveable(err error) error {
	return fmt.Errorf("cannot save network %s: Import would refuse the snapshot: %v: %w", c.pod.NamespaceID, err, errdefs.ErrFailedPrecondition)
}

func snapshotTooLarge(n int) error {
	return invalidField("network snapshot", "Value", fmt.Sprintf("%d bytes", n), fmt.Sprintf("more than %d bytes", MaxSnapshotBytes))
}

func tooManyBindings(n int) error {
	return invalidField("network snapshot", "VmEndpoints", fmt.Sprintf("%d bindings", n), fmt.Sprintf("more than %d, %s", MaxNICs, maxNICsSource))
}

// decodeSnapshot unwraps and checks a snapshot before anything is built
// from it. The bounds come before the decoding: a payload within
// MaxSnapshotBytes holding at most MaxNICs bindings is all that
// proto.Unmarshal ever sees, so what a hostile snapshot can make Import
// allocate is proportional to the bounds, not to the input.
func decodeSnapshot(snapshot *anypb.Any) (*savepb.Payload, error) {
	if snapshot == nil {
		return nil, fmt.Errorf("import network snapshot: snapshot is nil: %w", errdefs.ErrInvalidArgument)
	}
	if u := snapshot.GetTypeUrl(); u != savepb.TypeURL && u != savepb.LegacyTypeURL {
		return nil, invalidField("network snapshot", "TypeUrl", u, "not a network snapshot type")
	}
	value := snapshot.GetValue()
	if len(value) > MaxSnapshotBytes {
		return nil, snapshotTooLarge(len(value))
	}
	n, err := countBindings(value)
	if err != nil {
		return nil, fmt.Errorf("import network snapshot: payload does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	if n > MaxNICs {
		return nil, tooManyBindings(n)
	}
	p := &savepb.Payload{}
	if err := proto.Unmarshal(value, p); err != nil {
		return nil, fmt.Errorf("import network snapshot: payload does not decode: %v: %w", err, errdefs.ErrInvalidArgument)
	}
	if err := validatePayload(p); err != nil {
		return nil, err
	}
	return p, nil
}

// vmEndpointsField is the field number of Payload.vm_endpoints; each map
// entry is one occurrence of it on the wire.
const vmEndpointsField = 5

// countBindings walks the top-level fields of an encoded payload without
// decoding them and counts the vm_endpoints entries, whatever their wire
// type, so the bound applies before any binding is allocated. It fails on
// bytes that are not a sequence of protobuf fields.
func countBindings(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		num, typ, tagLen := protowire.ConsumeTag(b)
		if tagLen < 0 {
			return 0, protowire.ParseError(tagLen)
		}
		valLen := protowire.ConsumeFieldValue(num, typ, b[tagLen:])
		if valLen < 0 {
			return 0, protowire.ParseError(valLen)
		}
		if num == vmEndpointsField {
			n++
		}
		b = b[tagLen+valLen:]
	}
	return n, nil
}

// validatePayload applies every check Import makes on a decoded payload;
// Save applies the same checks to the payload it built, so the two sides
// cannot drift. The schema version is known, the namespace ID is a GUID,
// there are at most MaxNICs bindings, and each binding's NIC ID,
// endpoint ID and MAC is valid and unique among the bindings, compared by
// canonical value: HCS matches GUIDs without regard to letter case, so
// one NIC GUID in two cases would be two NICs here and one in the VM. The
// error is an invalid argument naming the NIC, the field and the value.
func validatePayload(p *savepb.Payload) error {
	if v := p.GetSchemaVersion(); v != savepb.SchemaVersion {
		return invalidField("network snapshot", "SchemaVersion", fmt.Sprint(v), fmt.Sprintf("only version %d is understood", savepb.SchemaVersion))
	}
	if err := validateNamespaceID("NamespaceId", p.GetNamespaceId()); err != nil {
		return fmt.Errorf("import network snapshot: %w", err)
	}
	bindings := p.GetVmEndpoints()
	if n := len(bindings); n > MaxNICs {
		return tooManyBindings(n)
	}
	// In key order, so that the error for a given payload, and which of two
	// duplicates it calls the first, is the same on every run.
	nicIDs := slices.Sorted(maps.Keys(bindings))
	firstNIC := make(map[guid.GUID]string, len(bindings))
	firstEndpoint := make(map[guid.GUID]string, len(bindings))
	firstMAC := make(map[[6]byte]string, len(bindings))
	for _, nicID := range nicIDs {
		b := bindings[nicID]
		obj := fmt.Sprintf("network snapshot: NIC %q", nicID)
		nic, err := guid.FromString(nicID)
		if err != nil {
			return invalidField(obj, "VmEndpoints key", nicID, "not a GUID")
		}
		if other, dup := firstNIC[nic]; dup {
			return invalidField(obj, "VmEndpoints key", nicID, "same NIC as "+other+" (GUIDs ignore letter case)")
		}
		firstNIC[nic] = nicID
		if b == nil {
			return invalidField(obj, "VmEndpoints", "null", "binding missing")
		}
		ep, err := guid.FromString(b.GetEndpointId())
		if err != nil {
			return invalidField(obj, "EndpointId", b.GetEndpointId(), "not a GUID")
		}
		if other, dup := firstEndpoint[ep]; dup {
			return invalidField(obj, "EndpointId", b.GetEndpointId(), "endpoint already bound to NIC "+other)
		}
		firstEndpoint[ep] = nicID
		mac, reason := parseMAC(b.GetMacAddress())
		if reason != "" {
			return invalidField(obj, "MacAddress", b.GetMacAddress(), reason)
		}
		if other, dup := firstMAC[mac]; dup {
			return invalidField(obj, "MacAddress", b.GetMacAddress(), "same MAC as NIC "+other)
		}
		firstMAC[mac] = nicID
	}
	return nil
}
