package netcore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// savedPod sets up a two-endpoint pod and saves it.
func savedPod(t *testing.T) (*netcore.Controller, *anypb.Any) {
	t.Helper()
	ctx := context.Background()
	host := nettest.NewHost()
	c, err := netcore.New(netcore.Config{NamespaceID: host.Pod(1, 2), VM: nettest.NopVM{}, Host: host, Guest: printedSteps{}})
	require.NoError(t, err)
	require.NoError(t, c.Setup(ctx))
	snap, err := c.Save(ctx)
	require.NoError(t, err)
	return c, snap
}

// Save's snapshot written with plain protojson fails for want of the type
// (the reason the resolver exists); with the resolver it is written under
// hcsshim's URL with hcsshim's JSON names, reads back, and Import restores
// from it what the source saved.
func TestSnapshotTypeResolverWritesSaveAsProtoJSON(t *testing.T) {
	src, snap := savedPod(t)
	_, err := protojson.Marshal(snap)
	require.Error(t, err, "plain protojson resolves the payload type: the resolver is not needed")

	b, err := protojson.MarshalOptions{Resolver: netcore.SnapshotTypeResolver{}}.Marshal(snap)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Equal(t, netcore.SnapshotTypeURL, doc["@type"])
	assert.EqualValues(t, 1, doc["schemaVersion"])
	assert.Equal(t, src.Describe().NamespaceID, doc["namespaceId"])
	assert.Contains(t, doc, "vmEndpoints")

	back := &anypb.Any{}
	require.NoError(t, protojson.UnmarshalOptions{Resolver: netcore.SnapshotTypeResolver{}}.Unmarshal(b, back))
	assert.Equal(t, netcore.SnapshotTypeURL, back.GetTypeUrl())
	dst, err := netcore.Import(context.Background(), back, netcore.Tuning{})
	require.NoError(t, err)
	assert.Equal(t, src.Describe().NICs, dst.Describe().NICs)

	// The payload bytes decode to the same message: JSON changes the
	// encoding of the map's order at most, never a value.
	assert.True(t, proto.Equal(mustUnpack(t, snap), mustUnpack(t, back)))
}

// Names the resolver does not own go to the global registry.
func TestSnapshotTypeResolverDefersOtherNames(t *testing.T) {
	r := netcore.SnapshotTypeResolver{}
	mt, err := r.FindMessageByURL("type.googleapis.com/google.protobuf.Any")
	require.NoError(t, err)
	assert.EqualValues(t, "google.protobuf.Any", mt.Descriptor().FullName())
	_, err = r.FindMessageByURL("type.example.com/acme.Unknown")
	assert.Error(t, err)
	for _, url := range []string{netcore.SnapshotTypeURL, "type.googleapis.com/uvmnet.netcore.save.v1.Payload", "hcsshim.controller.network.save.v1.Payload"} {
		mt, err := r.FindMessageByURL(url)
		require.NoError(t, err, url)
		assert.EqualValues(t, "uvmnet.netcore.save.v1.Payload", mt.Descriptor().FullName(), url)
	}
}

func mustUnpack(t *testing.T, snap *anypb.Any) proto.Message {
	t.Helper()
	mt, err := netcore.SnapshotTypeResolver{}.FindMessageByURL(snap.GetTypeUrl())
	require.NoError(t, err)
	m := mt.New().Interface()
	require.NoError(t, proto.Unmarshal(snap.GetValue(), m))
	return m
}

// A shim writes Save's snapshot as protojson with the resolver; a
// destination reads it back with the same resolver and imports it.
func ExampleSnapshotTypeResolver() {
	ctx := context.Background()
	host := nettest.NewHost()
	source, _ := netcore.New(netcore.Config{NamespaceID: host.Pod(1, 1), VM: nettest.NopVM{}, Host: host, Guest: printedSteps{}})
	_ = source.Setup(ctx)
	snapshot, _ := source.Save(ctx)

	b, err := protojson.MarshalOptions{Resolver: netcore.SnapshotTypeResolver{}}.Marshal(snapshot)
	fmt.Println(err)

	back := &anypb.Any{}
	err = protojson.UnmarshalOptions{Resolver: netcore.SnapshotTypeResolver{}}.Unmarshal(b, back)
	fmt.Println(back.GetTypeUrl(), err)
	dest, err := netcore.Import(ctx, back, netcore.Tuning{})
	fmt.Println(len(dest.Describe().NICs), err)
	// Output:
	// guest: configure pod1-eth0
	// <nil>
	// type.microsoft.com/hcsshim.controller.network.save.v1.Payload <nil>
	// 1 <nil>
}
