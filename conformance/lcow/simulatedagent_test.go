package lcow_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netlcow"
)

// modifyRequest is a guest request as hcsshim's bridge carries it.
func modifyRequest(t *testing.T, requestType string, a *netlcow.Adapter) []byte {
	t.Helper()
	b, err := json.Marshal(struct {
		RequestType, ResourceType string
		Settings                  *netlcow.Adapter
	}{requestType, "Network", a})
	require.NoError(t, err)
	return b
}

// The differential's way into the simulated Linux agent answers as the
// agent does: no add before the hot-add, a hot-added NIC filed under its
// namespace, a refused add once the sandbox runs, removal forgetting the
// NIC, and an undecodable request refused.
func TestSimulatedAgentAnswersAsTheLinuxAgent(t *testing.T) {
	ctx := context.Background()
	const ns = "11111111-1111-4111-8111-111111111111"
	nic := func(i int) *netlcow.Adapter {
		return &netlcow.Adapter{NamespaceID: ns, ID: strings.Repeat(string(rune('a'+i)), 8) + "-0000-4000-8000-000000000000", MacAddress: "00-15-5D-00-00-0" + string(rune('1'+i))}
	}
	a := lcow.NewSimulatedAgent()

	require.Error(t, a.Modify(ctx, modifyRequest(t, "Add", nic(0))), "an add before the NIC's hot-add")
	held, _ := a.Adapters(ns)
	assert.Empty(t, held, "a refused add holds no adapter")

	a.HotAdd(nic(0).ID, nic(0).MacAddress)
	require.NoError(t, a.Modify(ctx, modifyRequest(t, "Add", nic(0))))
	held, known := a.Adapters(ns)
	require.True(t, known, "the add filed the NIC under its namespace")
	assert.Equal(t, []string{strings.ToLower(nic(0).ID)}, held)

	require.NoError(t, a.StartSandbox(ctx, ns))
	a.HotAdd(nic(1).ID, nic(1).MacAddress)
	assert.Error(t, a.Modify(ctx, modifyRequest(t, "Add", nic(1))), "an add once the sandbox runs")

	require.NoError(t, a.Modify(ctx, modifyRequest(t, "Remove", nic(0))))
	require.NoError(t, a.HotRemove(ctx, nic(0).ID, nic(0).MacAddress))
	held, _ = a.Adapters(ns)
	assert.NotContains(t, held, strings.ToLower(nic(0).ID))

	assert.Error(t, a.Modify(ctx, []byte(`{"RequestType":`)), "a request that does not decode")
}
