package netcore

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
)

// configuredN is a Configured controller over n endpoints, each with its
// own MAC and address however large n is.
func configuredN(t *testing.T, n int) (*callCount, *Controller) {
	t.Helper()
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("net%d", i)
	}
	return configured(t, false, names...)
}

// TestSaveRefusesWhatImportRefuses puts the controller in states Setup,
// hot-plug or a custom NewNICID can reach but a snapshot cannot carry, and
// checks Save refuses before freezing: a failed precondition naming the
// field and value, the network still Configured, nothing called. Undoing
// the fault makes the same Save succeed, so the refusal is the fault's.
func TestSaveRefusesWhatImportRefuses(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		fault func(c *Controller) (undo func())
		want  string
	}{
		// Setup and hot-plug never attach more than MaxNICs; a controller
		// that somehow held more is still refused by Save.
		{"more NICs than Import takes", MaxNICs, func(c *Controller) func() {
			kept := c.nics
			for i := range 44 {
				n := MaxNICs + 1 + i
				c.nics = append(c.nics, newNIC(NICInfo{ID: nicID(n), Endpoint: &hcnmodel.Endpoint{
					Id: epID(n), MacAddress: fmt.Sprintf("00-15-5D-01-%02X-%02X", n>>8, n&0xff)}}))
				c.nics[len(c.nics)-1].state.Store(uint32(nicStateConfigured))
			}
			return func() { c.nics = kept }
		}, `field VmEndpoints: invalid value "108 bindings": more than 64, Hyper-V`},
		{"two NICs one MAC", 2, func(c *Controller) func() {
			ep := *c.nics[1].info.Endpoint
			orig := c.nics[1].info.Endpoint
			ep.MacAddress = "00:15:5d:00:00:01"
			c.nics[1].info.Endpoint = &ep
			return func() { c.nics[1].info.Endpoint = orig }
		}, `field MacAddress: invalid value "00:15:5d:00:00:01": same MAC as NIC ` + nicID(1)},
		{"NIC ID not a GUID", 2, func(c *Controller) func() {
			orig := c.nics[1].info.ID
			c.nics[1].info.ID = "nic-2"
			return func() { c.nics[1].info.ID = orig }
		}, `field VmEndpoints key: invalid value "nic-2": not a GUID`},
		{"one NIC GUID in two cases", 2, func(c *Controller) func() {
			orig := c.nics[1].info.ID
			c.nics[1].info.ID = strings.ToUpper(nicID(1))
			return func() { c.nics[1].info.ID = orig }
		}, `field VmEndpoints key: invalid value "` + nicID(1) + `": same NIC as ` + strings.ToUpper(nicID(1))},
		{"two NICs one ID", 2, func(c *Controller) func() {
			orig := c.nics[1].info.ID
			c.nics[1].info.ID = nicID(1)
			return func() { c.nics[1].info.ID = orig }
		}, `field VmEndpoints key: invalid value "` + nicID(1) + `": two NICs share the ID`},
		{"two NICs one endpoint", 2, func(c *Controller) func() {
			ep := *c.nics[1].info.Endpoint
			orig := c.nics[1].info.Endpoint
			ep.Id = strings.ToUpper(epID(1))
			c.nics[1].info.Endpoint = &ep
			return func() { c.nics[1].info.Endpoint = orig }
		}, `field EndpointId: invalid value "` + strings.ToUpper(epID(1)) + `": endpoint already bound to NIC ` + nicID(1)},
		{"snapshot over the byte limit", 2, func(c *Controller) func() {
			ep := *c.nics[1].info.Endpoint
			orig := c.nics[1].info.Endpoint
			ep.Name = strings.Repeat("n", MaxSnapshotBytes)
			c.nics[1].info.Endpoint = &ep
			return func() { c.nics[1].info.Endpoint = orig }
		}, `field Value: invalid value "1048`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, c := configuredN(t, tc.n)
			var saved int
			c.observer = func(tr Transition) {
				if tr.Event == EventSaved {
					saved++
				}
			}
			undo := tc.fault(c)
			snap, err := c.Save(context.Background())
			assert.Nil(t, snap)
			require.Error(t, err)
			assert.True(t, errdefs.IsFailedPrecondition(err), "got %v", err)
			assert.False(t, errdefs.IsInvalidArgument(err), "the caller's arguments are not at fault: %v", err)
			assert.Contains(t, err.Error(), "cannot save network "+testNS)
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, StateConfigured, c.State(), "a refused Save does not freeze")
			assert.Zero(t, saved, "no Saved transition")
			assert.Zero(t, w.taken())

			undo()
			snap, err = c.Save(context.Background())
			require.NoError(t, err, "the same network without the fault saves")
			_, err = Import(context.Background(), snap, Tuning{})
			require.NoError(t, err, "and what it saved imports")
		})
	}
}

// TestSaveImportAtTheLimit saves a network of exactly MaxNICs NICs
// and imports it: the bound refuses only what is over it.
func TestSaveImportAtTheLimit(t *testing.T) {
	_, c := configuredN(t, MaxNICs)
	snap, err := c.Save(context.Background())
	require.NoError(t, err)
	assert.Less(t, len(snap.GetValue()), MaxSnapshotBytes)
	dst, err := Import(context.Background(), snap, Tuning{})
	require.NoError(t, err)
	assert.Len(t, dst.nics, MaxNICs)
}

// TestImportRejectsDuplicateIdentities feeds snapshots whose bindings name
// one NIC or one endpoint twice, in spellings a string comparison tells
// apart but HCS does not. Accepting them would make two NICs of one in the
// VM (Teardown never finishes) or leave one of two NICs behind when
// RemoveEndpoint removes the endpoint.
func TestImportRejectsDuplicateIdentities(t *testing.T) {
	binding := func(ep int) *savepb.EndpointBinding {
		return &savepb.EndpointBinding{EndpointId: epID(ep), MacAddress: fmt.Sprintf("00-15-5D-00-00-%02X", ep), EndpointName: "eth0"}
	}
	upper := strings.ToUpper
	tests := []struct {
		name     string
		bindings map[string]*savepb.EndpointBinding
		want     string
	}{
		{"NIC GUID in two cases", map[string]*savepb.EndpointBinding{
			nicID(1): binding(1), upper(nicID(1)): binding(2),
		}, `field VmEndpoints key: invalid value "` + nicID(1) + `": same NIC as ` + upper(nicID(1))},
		{"two NICs one endpoint", map[string]*savepb.EndpointBinding{
			nicID(1): binding(1), nicID(2): {EndpointId: epID(1), MacAddress: "00-15-5D-00-00-02"},
		}, `network snapshot: NIC "` + nicID(2) + `": field EndpointId: invalid value "` + epID(1) + `": endpoint already bound to NIC ` + nicID(1)},
		{"two NICs one endpoint in two cases", map[string]*savepb.EndpointBinding{
			nicID(1): binding(1), nicID(2): {EndpointId: upper(epID(1)), MacAddress: "00-15-5D-00-00-02"},
		}, `endpoint already bound to NIC ` + nicID(1)},
		{"multicast MAC", map[string]*savepb.EndpointBinding{
			nicID(1): {EndpointId: epID(1), MacAddress: "01-00-5E-00-00-01"},
		}, `field MacAddress: invalid value "01-00-5E-00-00-01": multicast MAC address`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := proto.Marshal(&savepb.Payload{SchemaVersion: 1, NamespaceId: testNS, VmEndpoints: tc.bindings})
			require.NoError(t, err)
			c, err := Import(context.Background(), &anypb.Any{TypeUrl: SnapshotTypeURL, Value: b}, Tuning{})
			assert.Nil(t, c)
			require.Error(t, err)
			assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// hostileSnapshot is a snapshot payload of n map entries, each a NIC ID
// "nic" bound to an empty binding: about 9 bytes apiece, the cheapest way
// to ask Import for n allocations. Decoded, they would collapse to one
// binding under one key, so a refusal that counts n did not decode them.
func hostileSnapshot(n int) *anypb.Any {
	var entry []byte
	entry = protowire.AppendTag(entry, 1, protowire.BytesType)
	entry = protowire.AppendString(entry, "nic")
	entry = protowire.AppendTag(entry, 2, protowire.BytesType)
	entry = protowire.AppendBytes(entry, nil)
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.VarintType)
	b = protowire.AppendVarint(b, 1)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	b = protowire.AppendString(b, testNS)
	one := protowire.AppendBytes(protowire.AppendTag(nil, vmEndpointsField, protowire.BytesType), entry)
	b = append(b, bytesRepeat(one, n)...)
	return &anypb.Any{TypeUrl: SnapshotTypeURL, Value: b}
}

func bytesRepeat(b []byte, n int) []byte {
	out := make([]byte, 0, len(b)*n)
	for range n {
		out = append(out, b...)
	}
	return out
}

// TestImportBoundsBeforeDecoding checks the two bounds Import applies
// before proto.Unmarshal: the payload's size, then the number of bindings
// counted on the wire.
func TestImportBoundsBeforeDecoding(t *testing.T) {
	huge := hostileSnapshot(1_000_000)
	require.Greater(t, len(huge.GetValue()), 8_000_000)
	_, err := Import(context.Background(), huge, Tuning{})
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.Contains(t, err.Error(), fmt.Sprintf(`network snapshot: field Value: invalid value "%d bytes": more than %d bytes`, len(huge.GetValue()), MaxSnapshotBytes))

	many := hostileSnapshot(10_000)
	require.Less(t, len(many.GetValue()), MaxSnapshotBytes)
	_, err = Import(context.Background(), many, Tuning{})
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.Contains(t, err.Error(), `network snapshot: field VmEndpoints: invalid value "10000 bindings": more than 64, `,
		"counted on the wire: decoded, the entries are one binding")

	// Within both bounds the same entries decode, and the checks on the
	// decoded payload name what is wrong with them.
	_, err = Import(context.Background(), hostileSnapshot(MaxNICs), Tuning{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `field VmEndpoints key: invalid value "nic": not a GUID`)

	// Bytes that are not protobuf fields fail the walk as they fail decoding.
	_, err = Import(context.Background(), &anypb.Any{TypeUrl: SnapshotTypeURL, Value: []byte{0x2a, 0x05, 0x00}}, Tuning{})
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.Contains(t, err.Error(), "payload does not decode")
}
