package wcow

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
)

// The simulated Windows guest agent under each plausible answer: what
// hcsshim v0.15.0 sends is taken by both, and where the closed-source
// agent's answer is unknown the strict one refuses and the tolerant one
// accepts.

const (
	agentNS  = "a0c2e4f6-0000-4000-8000-00000000e005"
	agentEP  = "e0000000-0099-4000-8000-000000000001"
	agentNIC = "d1c00000-0099-4000-8000-000000000001"
	agentMAC = "00-15-5D-99-00-01"
)

// The NIC requests, as hcsshim's controller sends them on the guest
// connection (internal/vm/guestmanager/network_wcow.go: the final add and
// the remove carry "Settings":null), and as its legacy route does
// (internal/uvm/network.go, addNIC and removeNIC: no inner Settings, and
// the remove's request has no ResourceType).
const (
	preAdd        = `{"RequestType":"Add","ResourceType":"Network","Settings":{"AdapterId":"<nic>","RequestType":"PreAdd","Settings":{"ID":"<ep>","MacAddress":"<mac>"}}}`
	finalAdd      = `{"RequestType":"Add","ResourceType":"Network","Settings":{"AdapterId":"<nic>","RequestType":"Add","Settings":null}}`
	remove        = `{"RequestType":"Remove","ResourceType":"Network","Settings":{"AdapterId":"<nic>","RequestType":"Remove","Settings":null}}`
	legacyAdd     = `{"RequestType":"Add","ResourceType":"Network","Settings":{"AdapterId":"<nic>","RequestType":"Add"}}`
	legacyRemove  = `{"RequestType":"Remove","Settings":{"AdapterId":"<nic>","RequestType":"Remove"}}`
	addNamespace  = `{"RequestType":"Add","ResourceType":"NetworkNamespace","Settings":{"ID":"<ns>"}}`
	dropNamespace = `{"RequestType":"Remove","ResourceType":"NetworkNamespace","Settings":{"ID":"<ns>"}}`
)

// windowsGuestWorld returns a world holding one endpoint and a function
// that sends the Windows agent, answering as a says, a request as bytes.
func windowsGuestWorld(t *testing.T, a simworld.Answers) (*simworld.World, func(raw string) error) {
	t.Helper()
	w := simworld.New(simworld.Options{})
	w.PutNamespace(&hcnmodel.Namespace{Id: agentNS})
	w.PutEndpoints(agentNS, &hcnmodel.Endpoint{Id: agentEP, MacAddress: agentMAC, HostComputeNamespace: agentNS})
	return w, func(raw string) error {
		raw = strings.NewReplacer("<nic>", agentNIC, "<ep>", agentEP, "<mac>", agentMAC, "<ns>", agentNS).Replace(raw)
		req := conformance.WireRequest{Raw: json.RawMessage(raw)}
		require.NoError(t, json.Unmarshal(req.Raw, &req), raw)
		return wireAgent(context.Background(), w.Guest().Answering(a), req)
	}
}

// hotAdd hot-adds agentNIC, as the VM does between the pre-add and the add.
func hotAdd(t *testing.T, w *simworld.World) {
	t.Helper()
	require.NoError(t, w.AddNIC(context.Background(), agentNIC, simworld.Adapter{EndpointID: agentEP, MAC: agentMAC}))
}

func TestAgentTakesWhatHcsshimSends(t *testing.T) {
	for _, a := range Answers {
		for name, final := range map[string][2]string{
			"controller": {finalAdd, remove},
			"legacy":     {legacyAdd, legacyRemove},
		} {
			if name == "legacy" && a == simworld.Strict {
				continue // the legacy remove has no ResourceType: see below
			}
			w, send := windowsGuestWorld(t, a)
			require.NoError(t, send(addNamespace), "%s %s", a, name)
			require.NoError(t, send(preAdd), "%s %s", a, name)
			hotAdd(t, w)
			require.NoError(t, send(final[0]), "%s %s", a, name)
			assert.Equal(t, simworld.GuestNIC{MAC: agentMAC, Configured: true}, w.GuestNICs()[agentNIC], "%s %s", a, name)
			require.NoError(t, send(final[1]), "%s %s", a, name)
			require.NoError(t, send(dropNamespace), "%s %s", a, name)
			assert.Empty(t, w.GuestNICs(), "%s %s", a, name)
			assert.Empty(t, w.GuestNamespaces(), "%s %s", a, name)
			assert.Empty(t, w.Violations(), "%s %s", a, name)
		}
	}
}

// Where the agent's answer is unknown: strict refuses, tolerant accepts.
func TestAgentAnswersTheUnknownBothWays(t *testing.T) {
	for name, tc := range map[string]struct {
		setup func(w *simworld.World, send func(string) error)
		raw   string
		// misuse is what the tolerant agent records: a key it skips.
		misuse string
	}{
		"a request without ResourceType": {
			setup: func(w *simworld.World, send func(string) error) {
				require.NoError(t, send(preAdd))
				hotAdd(t, w)
				require.NoError(t, send(finalAdd))
			},
			raw: legacyRemove,
		},
		"a key in another case": {raw: strings.Replace(preAdd, `"AdapterId"`, `"AdapterID"`, 1)},
		"an unknown key": {
			raw:    strings.Replace(preAdd, `"AdapterId"`, `"Priority":1,"AdapterId"`, 1),
			misuse: `unknown field "Priority" in the NIC document`,
		},
		"the removal of a NIC never added":    {raw: remove},
		"the removal of a namespace not held": {raw: dropNamespace},
		"a namespace added twice": {
			setup: func(_ *simworld.World, send func(string) error) { require.NoError(t, send(addNamespace)) },
			raw:   addNamespace,
		},
		"an add without a pre-add": {
			setup: func(w *simworld.World, _ func(string) error) { hotAdd(t, w) },
			raw:   finalAdd,
		},
	} {
		for _, a := range Answers {
			w, send := windowsGuestWorld(t, a)
			if tc.setup != nil {
				tc.setup(w, send)
			}
			err := send(tc.raw)
			violations := strings.Join(w.Violations(), "\n")
			if a == simworld.Strict {
				assert.Error(t, err, "%s: strict refuses", name)
				continue
			}
			require.NoError(t, err, "%s: tolerant accepts", name)
			if tc.misuse == "" {
				assert.Empty(t, violations, name)
			} else {
				assert.Contains(t, violations, tc.misuse, name)
			}
		}
	}
}

// Both take an empty RequestType as Add, as hcsshim's Windows-side reader
// of these requests does (internal/gcs-sidecar/uvm.go,
// unmarshalContainerModifySettings); both refuse what no agent takes.
func TestAgentRefusesWhatNoAgentTakes(t *testing.T) {
	for _, a := range Answers {
		w, send := windowsGuestWorld(t, a)
		require.NoError(t, send(strings.Replace(addNamespace, `"RequestType":"Add",`, "", 1)), a)
		assert.Equal(t, []string{agentNS}, w.GuestNamespaces(), a)
		for _, raw := range []string{
			`{"GuestRequest":` + preAdd + `}`,
			strings.Replace(preAdd, `"PreAdd"`, `"Add"`, 1),
			strings.Replace(finalAdd, `null`, `{"ID":"<ep>"}`, 1),
			strings.Replace(remove, `"Remove","Settings":null`, `"Add","Settings":null`, 1),
			strings.Replace(remove, `"AdapterId":"<nic>",`, "", 1),
			strings.Replace(addNamespace, `"ID":"<ns>"`, "", 1),
		} {
			_, send := windowsGuestWorld(t, a)
			assert.ErrorIs(t, send(raw), simworld.ErrRejected, "%s %s", a, raw)
		}
	}
}
