package othernet

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

const destNamespace = "a0c2e4f6-0000-4000-8000-00000000b002"

func TestSaveIsHcsshimsFormatAndRetrySafe(t *testing.T) {
	p := newPod(t, false, true, 2)
	ctx := context.Background()
	require.NoError(t, p.net.Setup(ctx))
	snap, err := p.net.Save(ctx)
	require.NoError(t, err)
	assert.Equal(t, "type.microsoft.com/hcsshim.controller.network.save.v1.Payload", snap.GetTypeUrl())
	assert.Equal(t, netcore.StateSourceMigrating, p.net.State())
	again, err := p.net.Save(ctx)
	require.NoError(t, err)
	assert.Equal(t, snap.GetValue(), again.GetValue())

	decoded, err := decodeSnapshot(snap.GetValue(), NoBug)
	require.NoError(t, err)
	assert.Equal(t, podNamespace, decoded.namespaceID)
	assert.True(t, decoded.nsSupported)
	require.Len(t, decoded.nics, 2)
	assert.Equal(t, snapshotNIC{nicID: nic(1), endpointID: p.endpoints[1].Id, mac: p.endpoints[1].MacAddress, name: "pod_eth0"}, decoded.nics[0])

	require.NoError(t, p.net.Resume(ctx, nil, nil, Guest{}), "a source rolls back without managers")
	assert.Equal(t, netcore.StateConfigured, p.net.State())
	require.NoError(t, p.net.Teardown(ctx))
	assert.Empty(t, p.world.Attached())
}

func TestImportRefusesHostileSnapshots(t *testing.T) {
	good := snapshot{version: 1, namespaceID: podNamespace, nics: []snapshotNIC{
		{nicID: nic(1), endpointID: "e0000000-0000-4000-8000-000000000001", mac: "00-15-5D-00-00-01", name: "a"},
	}}
	_, err := Import(&anypb.Any{TypeUrl: SnapshotTypeURL, Value: good.encode()}, nil, NoBug)
	require.NoError(t, err)
	with := func(edit func(s *snapshot)) []byte {
		s := good
		s.nics = append([]snapshotNIC(nil), good.nics...)
		edit(&s)
		return s.encode()
	}
	for name, tc := range map[string]struct {
		url   string
		value []byte
		want  string
	}{
		"another type":       {url: "type.googleapis.com/uvmnet.netcore.save.v1.Payload", value: good.encode(), want: "not a"},
		"schema version 2":   {value: with(func(s *snapshot) { s.version = 2 }), want: "schema version 2"},
		"namespace not GUID": {value: with(func(s *snapshot) { s.namespaceID = "x" }), want: `namespace ID "x"`},
		"NIC ID not GUID":    {value: with(func(s *snapshot) { s.nics[0].nicID = "x" }), want: `NIC ID "x"`},
		"multicast MAC":      {value: with(func(s *snapshot) { s.nics[0].mac = "01-00-5E-00-00-01" }), want: "01-00-5E-00-00-01"},
		"two NICs, one endpoint": {value: with(func(s *snapshot) {
			s.nics = append(s.nics, snapshotNIC{nicID: nic(2), endpointID: s.nics[0].endpointID, mac: "00-15-5D-00-00-02"})
		}), want: "endpoint e0000000-0000-4000-8000-000000000001 is also NIC"},
		"truncated": {value: good.encode()[:len(good.encode())-1], want: "Import"},
		"too many NICs": {value: with(func(s *snapshot) {
			for k := 2; k <= maxSnapshotNICs+1; k++ {
				s.nics = append(s.nics, snapshotNIC{nicID: fmt.Sprintf("d1c00000-0000-4000-8000-%012x", k), endpointID: fmt.Sprintf("e0000000-0000-4000-8000-%012x", k), mac: fmt.Sprintf("00-15-5D-00-%02X-%02X", k>>8, k&0xff)})
			}
		}), want: "more than 256 NICs"},
	} {
		url := tc.url
		if url == "" {
			url = SnapshotTypeURL
		}
		_, err := Import(&anypb.Any{TypeUrl: url, Value: tc.value}, nil, NoBug)
		assert.ErrorContains(t, err, tc.want, name)
	}
	_, err = Import(nil, nil, NoBug)
	assert.Error(t, err)
}

func TestResetAfterMigrationAttachesTheDestinationAndTeardownLeavesTheSourceHostSide(t *testing.T) {
	p := newPod(t, true, true, 2)
	ctx := context.Background()
	require.NoError(t, p.net.Setup(ctx))
	snap, err := p.net.Save(ctx)
	require.NoError(t, err)
	require.NoError(t, p.net.Teardown(ctx), "the source hands over")
	source := p.world.VMNICIDs()
	require.Len(t, source, 2)

	p.world.PutNamespace(&hcnmodel.Namespace{Id: destNamespace})
	dest := &hcnmodel.Endpoint{Id: "e0000000-0000-4000-8000-0000000000b1", Name: "b_eth0", HostComputeNamespace: destNamespace, MacAddress: "00-15-5D-00-00-B1"}
	p.world.PutEndpoints(destNamespace, simworld.CopyEndpoint(dest))

	d, err := Import(snap, func() (string, error) { return "d1c00000-0000-4000-8000-0000000000b1", nil }, NoBug)
	require.NoError(t, err)
	require.Error(t, d.Patch(ctx, "not-a-guid"))
	require.NoError(t, d.Patch(ctx, destNamespace))
	require.NoError(t, d.Resume(ctx, vmOver{p.world}, p.world, WindowsGuest(windowsAgent{p.world.Guest()})))
	p.world.TakeCalls()
	require.NoError(t, d.ResetAfterMigration(ctx))
	assert.Equal(t, netcore.StateConfigured, d.State())
	assert.Equal(t, []string{
		"guest.RemoveNIC " + nic(2), "guest.RemoveNIC " + nic(1),
		"host.GetNamespaceByID " + destNamespace, "host.GetNamespaceEndpointIDs " + destNamespace, "host.GetEndpointByID " + dest.Id,
		"guest.PrepareNIC d1c00000-0000-4000-8000-0000000000b1", "vm.AddNIC d1c00000-0000-4000-8000-0000000000b1", "guest.ConfigureNIC d1c00000-0000-4000-8000-0000000000b1",
	}, p.sites())

	require.NoError(t, d.Teardown(ctx))
	assert.Equal(t, source, p.world.VMNICIDs(), "the VM keeps only the source's NICs, whose host side is not this host's to remove")
	assert.Empty(t, p.world.GuestNICIDs())
	assert.Empty(t, p.world.GuestNamespaces())
	assert.Empty(t, p.world.TakeViolations())
}
