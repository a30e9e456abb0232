package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The simulated compute system and guest connection, held to what HCS and
// hcsshim v0.15.0 do with the documents hcsshim itself sends.

const (
	wireNS  = "a0c2e4f6-0000-4000-8000-00000000c003"
	wireEP  = "e0000000-0077-4000-8000-000000000001"
	wireNIC = "d1c00000-0077-4000-8000-000000000001"
	wireMAC = "00-15-5D-77-00-01"
)

// agentSeen is what a stub guest agent saw of one request: the request,
// and whether the VM held the NIC when it arrived.
type agentSeen struct {
	req     WireRequest
	nicOnVM bool
}

// wireSim returns a simulator holding one endpoint and a compute system
// whose guest agent records each request in seen and answers with
// refusing.
func wireSim(t *testing.T, seen *[]agentSeen, refusing error) (*simulator, func(doc string) error) {
	t.Helper()
	s := newSimulator()
	s.world.PutNamespace(&hcnmodel.Namespace{Id: wireNS, Type: hcnmodel.NamespaceTypeGuest})
	s.world.PutEndpoints(wireNS, &hcnmodel.Endpoint{Id: wireEP, MacAddress: wireMAC, HostComputeNamespace: wireNS})
	cs := s.ComputeSystem(func(_ context.Context, _ *SimGuest, req WireRequest) error {
		_, on := s.world.VMNICs()[wireNIC]
		*seen = append(*seen, agentSeen{req: req, nicOnVM: on})
		return refusing
	})
	return s, func(doc string) error {
		doc = strings.NewReplacer("<nic>", wireNIC, "<ep>", wireEP, "<mac>", wireMAC, "<ns>", wireNS).Replace(doc)
		return cs.Modify(context.Background(), json.RawMessage(doc))
	}
}

// The combined documents of hcsshim's legacy route, byte for byte as
// internal/uvm/network.go (addNIC, removeNIC) builds them: a Linux NIC's
// add, and a Windows NIC's remove, whose guest request has no
// ResourceType.
const (
	combinedLinuxAdd = `{"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/<nic>","RequestType":"Add",` +
		`"Settings":{"EndpointId":"<ep>","MacAddress":"<mac>"},` +
		`"GuestRequest":{"RequestType":"Add","ResourceType":"Network","Settings":{"NamespaceID":"<ns>","ID":"<nic>","MacAddress":"<mac>"}}}`
	combinedWindowsRemove = `{"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/<nic>","RequestType":"Remove",` +
		`"Settings":{"EndpointId":"<ep>","MacAddress":"<mac>"},` +
		`"GuestRequest":{"RequestType":"Remove","Settings":{"AdapterId":"<nic>","RequestType":"Remove"}}}`
	hostAdd = `{"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/<nic>","RequestType":"Add","Settings":{"EndpointId":"<ep>","MacAddress":"<mac>"}}`
)

// internal/uvm/modify.go, modify: hcsshim carries out a combined add as a
// hot-add, then the guest request; a combined remove as the guest request,
// then the hot-remove. The simulated compute system does the same.
func TestComputeSystemTakesHcsshimsCombinedDocuments(t *testing.T) {
	var seen []agentSeen
	s, modify := wireSim(t, &seen, nil)
	require.NoError(t, modify(combinedLinuxAdd))
	require.Len(t, seen, 1)
	assert.True(t, seen[0].nicOnVM, "the guest request comes after the hot-add")
	assert.Equal(t, "Network", seen[0].req.ResourceType)
	assert.Contains(t, s.world.VMNICs(), wireNIC)

	require.NoError(t, modify(combinedWindowsRemove))
	require.Len(t, seen, 2)
	assert.True(t, seen[1].nicOnVM, "the guest lets go before the hot-remove")
	assert.Empty(t, seen[1].req.ResourceType, "forwarded as sent: the agent decides")
	assert.Empty(t, s.world.VMNICs())
	assert.Empty(t, s.world.Violations())
}

// internal/uvm/modify.go, modify: a combined add whose guest request
// fails is undone (the NIC hot-removed again); a combined remove whose
// guest request fails leaves the NIC on the VM.
func TestComputeSystemKeepsACombinedDocumentWhole(t *testing.T) {
	refused := errors.New("guest refused")
	var seen []agentSeen
	s, modify := wireSim(t, &seen, refused)
	require.ErrorIs(t, modify(combinedLinuxAdd), refused)
	assert.Empty(t, s.world.VMNICs(), "the hot-add was undone")
	var sites []string
	for _, c := range s.world.TakeCalls() {
		sites = append(sites, c.Site)
	}
	assert.Equal(t, []string{"vm.AddNIC", "vm.RemoveNIC"}, sites)

	require.NoError(t, modify(hostAdd))
	require.ErrorIs(t, modify(combinedWindowsRemove), refused)
	assert.Contains(t, s.world.VMNICs(), wireNIC, "no hot-remove before the guest let go")
}

// HCS reads its schema by exact key (encoding/json would not): a key
// spelt in another case, or one the schema lacks, is refused, at the top
// and in the adapter's settings, as are a repeated key and a document
// that asks for nothing.
func TestComputeSystemReadsKeysExactly(t *testing.T) {
	for doc, want := range map[string]string{
		strings.Replace(hostAdd, `"EndpointId"`, `"EndpointID"`, 1):            `unknown field "EndpointID"`,
		strings.Replace(hostAdd, `"MacAddress"`, `"macAddress"`, 1):            `unknown field "macAddress"`,
		strings.Replace(hostAdd, `"ResourcePath"`, `"resourcePath"`, 1):        `unknown field "resourcePath"`,
		strings.Replace(hostAdd, `"Add",`, `"Add","RequestType":"Remove",`, 1): `key "RequestType" repeated`,
		`{"GuestRequest":null}`: "neither a resource change nor a GuestRequest",
		`{"guestRequest":{"RequestType":"Add","ResourceType":"Network","Settings":{}}}`: `unknown field "guestRequest"`,
		strings.Replace(hostAdd, `"Add"`, `"add"`, 1):                                   `invalid RequestType "add"`,
	} {
		var seen []agentSeen
		s, modify := wireSim(t, &seen, nil)
		err := modify(doc)
		require.ErrorIs(t, err, errWireRefused, doc)
		assert.Contains(t, err.Error(), want, doc)
		assert.Empty(t, s.world.VMNICs(), doc)
		assert.Empty(t, seen, doc)
	}
	var seen []agentSeen
	s, modify := wireSim(t, &seen, nil)
	require.NoError(t, modify(strings.Replace(hostAdd, `}}`, `,"IovSettings":{"OffloadWeight":0}}}`, 1)), "every key of the adapter's schema")
	assert.Contains(t, s.world.VMNICs(), wireNIC)
}

// A guest request alone is forwarded to the agent as sent: hcsshim sends
// those for a Windows namespace and a NIC's pre-add
// (internal/uvm/network.go, AddNetNS and addNIC).
func TestComputeSystemForwardsAGuestRequestAlone(t *testing.T) {
	var seen []agentSeen
	_, modify := wireSim(t, &seen, nil)
	require.NoError(t, modify(`{"GuestRequest":{"ResourceType":"NetworkNamespace","RequestType":"Add","Settings":{"ID":"<ns>"}}}`))
	require.Len(t, seen, 1)
	assert.Equal(t, WireRequest{RequestType: "Add", ResourceType: "NetworkNamespace", Settings: json.RawMessage(`{"ID":"` + wireNS + `"}`),
		Raw: json.RawMessage(`{"ResourceType":"NetworkNamespace","RequestType":"Add","Settings":{"ID":"` + wireNS + `"}}`)}, seen[0].req)
}

// internal/gcs/bridge.go, recvLoopRoutine, marks the bridge down once the
// connection to the guest drops, and internal/gcs/guestconnection.go,
// IsBridgeConnected, reports it: down when the guest agent dies, and when
// the whole VM goes, taking the guest with it.
func TestGuestConnectionReportsTheBridgeDownOnceTheVMIsGone(t *testing.T) {
	for name, stop := range map[string]func(s *simulator){
		"vm":    func(s *simulator) { s.world.StopVM() },
		"guest": func(s *simulator) { s.world.StopGuest() },
	} {
		s := newSimulator()
		conn := s.GuestConnection(func(context.Context, *SimGuest, WireRequest) error { return nil })
		assert.True(t, conn.IsBridgeConnected(), name)
		stop(s)
		assert.False(t, conn.IsBridgeConnected(), name)
	}
}
