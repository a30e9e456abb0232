package lcow

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Each request kind the suite can send a Linux guest, answered by the
// simulated agent as hcsshim v0.15.0's Linux guest agent answers it. The
// source locations are in hcsshim's tree: the bridge's reading of a
// request (internal/guest/prot/protocol.go, UnmarshalContainerModifySettings),
// then internal/guest/runtime/hcsv2/uvm.go (modifyHostSettings,
// modifyNetwork) and network.go (AddAdapter, RemoveAdapter).

const (
	agentNS  = "a0c2e4f6-0000-4000-8000-00000000d004"
	agentEP  = "e0000000-0088-4000-8000-000000000001"
	agentNIC = "d1c00000-0088-4000-8000-000000000001"
	agentMAC = "00-15-5D-88-00-01"
)

// linuxGuest returns a world whose VM has hot-added agentNIC, and a
// function that sends the guest agent a request, as bytes, with
// "<nic>" and "<ns>" filled in.
func linuxGuest(t *testing.T) (*simworld.World, func(raw string) error) {
	t.Helper()
	w := simworld.New(simworld.Options{})
	w.PutNamespace(&hcnmodel.Namespace{Id: agentNS})
	w.PutEndpoints(agentNS, &hcnmodel.Endpoint{Id: agentEP, MacAddress: agentMAC, HostComputeNamespace: agentNS})
	require.NoError(t, w.AddNIC(context.Background(), agentNIC, simworld.Adapter{EndpointID: agentEP, MAC: agentMAC}))
	return w, func(raw string) error {
		raw = strings.NewReplacer("<nic>", agentNIC, "<ns>", agentNS, "<NS>", strings.ToUpper(agentNS)).Replace(raw)
		req := conformance.WireRequest{Raw: json.RawMessage(raw)}
		require.NoError(t, json.Unmarshal(req.Raw, &req), raw)
		return wireAgent(context.Background(), w.Guest(), req)
	}
}

const (
	addNIC    = `{"RequestType":"Add","ResourceType":"Network","Settings":{"NamespaceID":"<ns>","ID":"<nic>","MacAddress":"00-15-5D-88-00-01"}}`
	removeNIC = `{"RequestType":"Remove","ResourceType":"Network","Settings":{"NamespaceID":"<ns>","ID":"<nic>"}}`
)

// uvm.go, modifyNetwork (Add): the adapter is filed under its namespace,
// created on first use and keyed lower-cased (network.go,
// GetOrAddNetworkNamespace).
func TestAgentAddConfiguresTheNICUnderTheLowerCasedNamespace(t *testing.T) {
	w, send := linuxGuest(t)
	require.NoError(t, send(strings.Replace(addNIC, "<ns>", "<NS>", 1)))
	assert.Equal(t, simworld.GuestNIC{MAC: agentMAC, Configured: true, Namespace: agentNS}, w.GuestNICs()[agentNIC])
	assert.Empty(t, w.Violations())
}

// protocol.go, UnmarshalContainerModifySettings: an empty RequestType is
// taken as Add.
func TestAgentTakesAnEmptyRequestTypeAsAdd(t *testing.T) {
	w, send := linuxGuest(t)
	require.NoError(t, send(strings.Replace(addNIC, `"RequestType":"Add",`, "", 1)))
	assert.True(t, w.GuestNICs()[agentNIC].Configured)
}

// network.go, AddAdapter: an adapter ID already in the namespace fails
// ("already present in namespace").
func TestAgentRefusesARepeatedAdd(t *testing.T) {
	_, send := linuxGuest(t)
	require.NoError(t, send(addNIC))
	err := send(strings.Replace(addNIC, "<nic>", strings.ToUpper(agentNIC), 1))
	require.ErrorIs(t, err, simworld.ErrRefused)
	assert.Contains(t, err.Error(), "already present in namespace")
}

// network.go, AddAdapter, through internal/guest/network/network.go,
// InstanceIDToName: the agent waits for the NIC's device, so an add for a
// NIC the VM does not have fails.
func TestAgentRefusesAnAddBeforeTheHotAdd(t *testing.T) {
	w, send := linuxGuest(t)
	require.NoError(t, w.RemoveNIC(context.Background(), agentNIC, simworld.Adapter{EndpointID: agentEP, MAC: agentMAC}))
	require.ErrorIs(t, send(addNIC), simworld.ErrRefused)
	assert.Empty(t, w.GuestNICs())
}

// uvm.go, modifyNetwork (Remove) and network.go, RemoveAdapter: the
// adapter leaves its namespace, matched whatever the case of either ID.
func TestAgentRemoveTakesTheNICOut(t *testing.T) {
	w, send := linuxGuest(t)
	require.NoError(t, send(addNIC))
	require.NoError(t, send(strings.NewReplacer("<ns>", "<NS>", "<nic>", strings.ToUpper(agentNIC)).Replace(removeNIC)))
	assert.Empty(t, w.GuestNICs())
	assert.Empty(t, w.Violations())
}

// network.go, RemoveAdapter: an adapter ID the namespace does not hold is
// no error; uvm.go, modifyNetwork (Remove): nor is a namespace the agent
// does not know, which it logs and skips.
func TestAgentRemoveOfAnUnknownNICOrNamespaceSucceeds(t *testing.T) {
	w, send := linuxGuest(t)
	require.NoError(t, send(removeNIC), "a NIC never added")
	require.NoError(t, send(addNIC))
	require.NoError(t, send(strings.Replace(removeNIC, "<ns>", "22222222-2222-4222-8222-222222222222", 1)), "an unknown namespace")
	assert.Contains(t, w.GuestNICs(), agentNIC, "the NIC stays where it was filed")
}

// uvm.go, modifyNetwork: a RequestType other than Add or Remove is not
// supported (newInvalidRequestTypeError).
func TestAgentRefusesOtherRequestTypes(t *testing.T) {
	for _, rt := range []string{"PreAdd", "Update", "add"} {
		w, send := linuxGuest(t)
		err := send(strings.Replace(addNIC, `"Add"`, `"`+rt+`"`, 1))
		require.ErrorIs(t, err, simworld.ErrRejected, rt)
		assert.Contains(t, err.Error(), `the RequestType "`+rt+`" is not supported`)
		assert.Empty(t, w.GuestNICs(), rt)
	}
}

// protocol.go, UnmarshalContainerModifySettings: a ResourceType the agent
// does not know is refused ("invalid ResourceType"); an empty one is what
// a request still wrapped for HCS reads as.
func TestAgentRefusesANonNetworkResourceType(t *testing.T) {
	for _, raw := range []string{
		`{"GuestRequest":` + addNIC + `}`,
		strings.Replace(addNIC, `"Network"`, `"network"`, 1),
		strings.Replace(addNIC, `"Network"`, `"NetworkNamespace"`, 1),
	} {
		_, send := linuxGuest(t)
		err := send(raw)
		require.ErrorIs(t, err, simworld.ErrRejected, raw)
		assert.Contains(t, err.Error(), "invalid ResourceType", raw)
	}
}

// protocol.go, UnmarshalContainerModifySettings: settings that do not
// decode as an adapter (absent, null, or of the wrong shape) are refused
// ("failed to unmarshal settings as NetworkAdapterV2").
func TestAgentRefusesSettingsThatAreNoAdapter(t *testing.T) {
	for _, raw := range []string{
		`{"RequestType":"Add","ResourceType":"Network"}`,
		`{"RequestType":"Add","ResourceType":"Network","Settings":null}`,
		`{"RequestType":"Add","ResourceType":"Network","Settings":{"ID":7}}`,
		`{"RequestType":"Add","ResourceType":"Network","Settings":"<nic>"}`,
	} {
		_, send := linuxGuest(t)
		err := send(raw)
		require.ErrorIs(t, err, simworld.ErrRejected, raw)
		assert.Contains(t, err.Error(), "NetworkAdapterV2", raw)
	}
}

// The bridge reads requests with encoding/json
// (internal/bridgeutils/commonutils/utilities.go, UnmarshalJSONWithHresult):
// keys match whatever their case, and a key that matches no field is
// skipped. The agent takes both; the world records the skipped key,
// whose value never reaches the guest.
func TestAgentReadsKeysAsEncodingJSONDoes(t *testing.T) {
	w, send := linuxGuest(t)
	require.NoError(t, send(strings.NewReplacer(`"NamespaceID"`, `"namespaceid"`, `"ID"`, `"id"`, `"ResourceType"`, `"resourceType"`).Replace(addNIC)))
	assert.True(t, w.GuestNICs()[agentNIC].Configured)
	assert.Empty(t, w.TakeViolations())

	require.NoError(t, send(strings.Replace(removeNIC, `"ID":"<nic>"`, `"Id":"<nic>","Ifname":"eth0"`, 1)))
	assert.Empty(t, w.GuestNICs())
	assert.Equal(t, []string{`lcow guest agent: unknown field "Ifname" in the adapter {"NamespaceID":"` + agentNS + `","Id":"` + agentNIC +
		`","Ifname":"eth0"}: the agent skips it, so its value never reaches the guest`}, w.Violations())
}

// The Go-value side of the agent takes the same steps: netlcow's adapter
// documents, added and removed, and a removal of what the guest does not
// hold answered with success.
func TestSimAgentAnswersAsTheWireAgent(t *testing.T) {
	w, _ := linuxGuest(t)
	a := simAgent{w.Guest()}
	ctx := context.Background()
	require.NoError(t, a.RemoveNetworkInterface(ctx, &netlcow.Adapter{NamespaceID: agentNS, ID: agentNIC}))
	require.NoError(t, a.AddNetworkInterface(ctx, &netlcow.Adapter{NamespaceID: strings.ToUpper(agentNS), ID: agentNIC, MacAddress: agentMAC}))
	require.ErrorIs(t, a.AddNetworkInterface(ctx, &netlcow.Adapter{NamespaceID: agentNS, ID: agentNIC}), simworld.ErrRefused)
	require.NoError(t, a.RemoveNetworkInterface(ctx, &netlcow.Adapter{NamespaceID: agentNS, ID: agentNIC}))
	assert.Empty(t, w.GuestNICs())
	assert.Empty(t, w.Violations())
}
