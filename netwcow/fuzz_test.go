package netwcow

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// FuzzNICDocument drives the ready guest manager with arbitrary adapter
// IDs, request types and endpoint documents. It must never panic; it
// either refuses with an invalid argument before touching the transport,
// or sends one document whose JSON decodes back to the same adapter ID,
// request type and endpoint.
func FuzzNICDocument(f *testing.F) {
	ep, _ := json.Marshal(&hcnmodel.Endpoint{Id: "eeeeeeee-0000-4000-8000-000000000001", Name: "eth0", MacAddress: "00-15-5D-00-00-01"})
	f.Add("aaaaaaaa-0000-4000-8000-000000000001", "PreAdd", ep, false)
	f.Add("aaaaaaaa-0000-4000-8000-000000000001", "Add", []byte("null"), false)
	f.Add("aaaaaaaa-0000-4000-8000-000000000001", "Remove", []byte("null"), true)
	f.Add("not-a-guid", "Add", []byte("{}"), false)
	f.Add("aaaaaaaa-0000-4000-8000-000000000001", "Remove", []byte("{}"), false)
	f.Fuzz(func(t *testing.T, adapterID, requestType string, endpointJSON []byte, remove bool) {
		var endpoint *hcnmodel.Endpoint
		if json.Unmarshal(endpointJSON, &endpoint) != nil {
			return
		}
		rec := &hcsmodifytest.Recorder{}
		g := NewGuestManager(rec)
		var err error
		if remove {
			err = g.RemoveNetworkInterface(context.Background(), adapterID, RequestType(requestType), endpoint)
		} else {
			err = g.AddNetworkInterface(context.Background(), adapterID, RequestType(requestType), endpoint)
		}
		if err != nil {
			require.True(t, errdefs.IsInvalidArgument(err), "refused without an invalid argument: %v", err)
			require.Empty(t, rec.Documents(), "refused, yet documents reached the transport")
			return
		}
		require.Len(t, rec.Documents(), 1, "accepted; want 1 document")
		raw, err := json.Marshal(rec.Documents()[0])
		require.NoError(t, err, "document does not encode")
		var gr struct {
			RequestType  string
			ResourceType string
			Settings     struct {
				AdapterId   string
				RequestType string
				Settings    json.RawMessage
			}
		}
		require.NoError(t, json.Unmarshal(raw, &gr), "document does not decode")
		require.Equal(t, [3]string{"Network", adapterID, requestType}, [3]string{gr.ResourceType, gr.Settings.AdapterId, gr.Settings.RequestType},
			"document lost its identity: %s", raw)
		// A nil endpoint is sent as null, as the guest expects on add and
		// remove.
		want, _ := json.Marshal(endpoint)
		require.Equal(t, string(want), string(bytes.TrimSpace(gr.Settings.Settings)), "endpoint did not round-trip")
	})
}
