package hcsmodify_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

func TestNetworkAdapterPath(t *testing.T) {
	assert.Equal(t, "VirtualMachine/Devices/NetworkAdapters/"+nicID, hcsmodify.NetworkAdapterPath(nicID))
}

// The guest modules fill GuestRequest; this pins the envelope they share,
// so a renamed field or constant cannot slip through their tests.
func TestGuestRequestEnvelope(t *testing.T) {
	doc := &hcsmodify.ModifySettingRequest{
		GuestRequest: &hcsmodify.GuestRequest{
			ResourceType: hcsmodify.ResourceTypeNetwork,
			RequestType:  hcsmodify.RequestTypeAdd,
			Settings:     map[string]string{"ID": nicID},
		},
	}
	hcsmodifytest.AssertGolden(t, "guest_request", doc, *update)
}

func TestEmptyFieldsAreOmitted(t *testing.T) {
	out, err := json.Marshal(&hcsmodify.ModifySettingRequest{
		GuestRequest: &hcsmodify.GuestRequest{ResourceType: hcsmodify.ResourceTypeNetworkNamespace},
	})
	require.NoError(t, err)
	assert.JSONEq(t, `{"GuestRequest":{"ResourceType":"NetworkNamespace"}}`, string(out))

	out, err = json.Marshal(&hcsmodify.ModifySettingRequest{})
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(out))
}

func TestWireConstants(t *testing.T) {
	assert.Equal(t, "Add", string(hcsmodify.RequestTypeAdd))
	assert.Equal(t, "Remove", string(hcsmodify.RequestTypeRemove))
	assert.Equal(t, "Network", string(hcsmodify.ResourceTypeNetwork))
	assert.Equal(t, "NetworkNamespace", string(hcsmodify.ResourceTypeNetworkNamespace))
}
