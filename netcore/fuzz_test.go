package netcore

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/internal/savepb"
)

// FuzzImport feeds arbitrary snapshot bytes, under both accepted type
// URLs, to Import. It must never panic; it either fails with an invalid
// argument, or builds a controller whose Save, after Resume, carries the
// same payload, which Import accepts again: Save never writes what Import
// refuses.
func FuzzImport(f *testing.F) {
	good, _ := proto.Marshal(&savepb.Payload{
		SchemaVersion: 1, NamespaceId: testNS, PolicyBasedRouting: true, IsNamespaceSupportedByGuest: true,
		VmEndpoints: map[string]*savepb.EndpointBinding{
			nicID(1): {EndpointId: epID(1), MacAddress: "00-15-5D-00-00-01", EndpointName: "eth0"},
		},
	})
	f.Add(good, false)
	f.Add(good, true)
	f.Add([]byte{}, false)
	f.Add([]byte{0x08, 0x02}, false)
	// Identities that differ only in spelling, and a MAC no NIC may have.
	for _, eps := range []map[string]*savepb.EndpointBinding{
		{
			nicID(1):                  {EndpointId: epID(1), MacAddress: "00-15-5D-00-00-01"},
			strings.ToUpper(nicID(1)): {EndpointId: epID(2), MacAddress: "00-15-5D-00-00-02"},
		},
		{
			nicID(1): {EndpointId: epID(1), MacAddress: "00-15-5D-00-00-01"},
			nicID(2): {EndpointId: strings.ToUpper(epID(1)), MacAddress: "00-15-5D-00-00-02"},
		},
		{nicID(1): {EndpointId: epID(1), MacAddress: "01-00-5E-00-00-01"}},
	} {
		b, _ := proto.Marshal(&savepb.Payload{SchemaVersion: 1, NamespaceId: testNS, VmEndpoints: eps})
		f.Add(b, false)
	}
	f.Add(hostileSnapshot(MaxNICs+1).GetValue(), false)
	f.Fuzz(func(t *testing.T, payload []byte, legacyURL bool) {
		url := SnapshotTypeURL
		if legacyURL {
			url = savepb.LegacyTypeURL
		}
		snap := &anypb.Any{TypeUrl: url, Value: payload}
		c, err := Import(context.Background(), snap, Tuning{})
		if err != nil {
			require.True(t, errdefs.IsInvalidArgument(err), "Import failed with a non-invalid-argument error: %v", err)
			return
		}
		calls := &callCount{}
		host := oneNamespaceHost{ns: &hcnmodel.Namespace{Id: c.NamespaceID()}}
		require.NoError(t, c.Resume(context.Background(), countingVM{calls}, host, countingGuest{calls}), "Resume after a successful Import")
		again, err := c.Save(context.Background())
		require.NoError(t, err, "Save after Import")
		var in, out savepb.Payload
		require.NoError(t, proto.Unmarshal(payload, &in), "accepted payload does not decode")
		require.NoError(t, proto.Unmarshal(again.GetValue(), &out))
		// Fields this schema version does not know are not carried over.
		in.ProtoReflect().SetUnknown(nil)
		for _, b := range in.GetVmEndpoints() {
			b.ProtoReflect().SetUnknown(nil)
		}
		require.True(t, proto.Equal(&in, &out), "Save after Import differs:\nin  %v\nout %v", &in, &out)
		_, err = Import(context.Background(), again, Tuning{})
		require.NoError(t, err, "Import refuses what Save wrote")
	})
}

// FuzzValidateEndpoint feeds arbitrary endpoint documents to the
// validation Setup runs. It must never panic; it accepts or rejects with
// an invalid argument, and what it accepts has no character that could
// break the guest's comma-joined DNS lists.
func FuzzValidateEndpoint(f *testing.F) {
	seed, _ := json.Marshal(&hcnmodel.Endpoint{
		Id: epID(1), Name: "eth0", HostComputeNamespace: testNS, MacAddress: "00-15-5D-00-00-01",
		IpConfigurations: []hcnmodel.IpConfig{{IpAddress: "10.0.0.2", PrefixLength: 24}},
		Routes:           []hcnmodel.Route{{DestinationPrefix: "0.0.0.0/0", NextHop: "10.0.0.1"}},
		Dns:              hcnmodel.Dns{Domain: "a.local", Search: []string{"b.local"}, ServerList: []string{"10.0.0.10"}},
		Policies:         []hcnmodel.EndpointPolicy{{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(`{"Overhead":50}`)}},
	})
	f.Add(seed)
	f.Add([]byte(`{"ID":"x"}`))
	f.Add([]byte(`{"ID":"` + epID(1) + `","MacAddress":"00:15:5d:00:00:01","Dns":{"Search":["a,b"]}}`))
	f.Add([]byte(`{"ID":"` + epID(1) + `","MacAddress":"00-15-5D-00-00-01","IpConfigurations":[{"IpAddress":"fe80::1%eth0","PrefixLength":64}],"Dns":{"ServerList":["fe80::53%1"]}}`))
	f.Add([]byte(`{"ID":"` + epID(1) + `","MacAddress":"01-00-5E-00-00-01"}`))
	f.Add([]byte(`{"ID":"` + epID(1) + `","MacAddress":"00-15-5D-00-00-01","Dns":{"Options":["ndots:5","rotate edns0",""]}}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		var ep hcnmodel.Endpoint
		if json.Unmarshal(doc, &ep) != nil {
			return
		}
		err := ValidateEndpoints(testNS, []*hcnmodel.Endpoint{&ep})
		if err != nil {
			require.True(t, errdefs.IsInvalidArgument(err), "rejected without an invalid argument: %v", err)
			return
		}
		for _, s := range append(append([]string{ep.Dns.Domain}, ep.Dns.Search...), ep.Dns.ServerList...) {
			require.False(t, strings.ContainsAny(s, ", \t\r\n\x00"), "accepted DNS entry %q would corrupt the guest's lists", s)
		}
		for _, o := range ep.Dns.Options {
			require.False(t, o == "" || strings.ContainsAny(o, ", \t\r\n\x00"), "accepted DNS option %q would corrupt the guest's resolver configuration", o)
		}
		require.LessOrEqual(t, len(ep.Dns.ServerList), MaxDNSServers, "accepted DNS servers over their bound")
		require.LessOrEqual(t, len(ep.Dns.Search), MaxDNSSearch, "accepted DNS search domains over their bound")
		require.LessOrEqual(t, len(ep.Dns.Options), MaxDNSOptions, "accepted DNS options over their bound")
		addrs := append([]string(nil), ep.Dns.ServerList...)
		for _, ipc := range ep.IpConfigurations {
			addrs = append(addrs, ipc.IpAddress)
		}
		for _, r := range ep.Routes {
			addrs = append(addrs, r.NextHop, r.DestinationPrefix)
		}
		for _, a := range addrs {
			require.NotContains(t, a, "%", "accepted address %q carries an IPv6 zone", a)
		}
		mac, err := net.ParseMAC(ep.MacAddress)
		require.False(t, err != nil || len(mac) != 6 || mac[0]&1 != 0 || bytes.Equal(mac, make([]byte, 6)),
			"accepted MAC %q is not a 48-bit unicast address", ep.MacAddress)
		require.True(t, isGUID(ep.Id), "accepted endpoint ID %q is not a GUID", ep.Id)
	})
}
