package lcow_test

import (
	"context"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// forwardingManager is a guest manager a shim might write itself: it sends
// the right requests on the guest connection but hands back whatever the
// connection answers, so hcsshim's closed bridge never becomes
// netcore.ErrGuestUnavailable.
type forwardingManager struct{ conn hcsmodify.GuestConnection }

func (m forwardingManager) send(ctx context.Context, rt hcsmodify.RequestType, a *netlcow.Adapter) error {
	return m.conn.Modify(ctx, &hcsmodify.GuestRequest{RequestType: rt, ResourceType: hcsmodify.ResourceTypeNetwork, Settings: a})
}

func (m forwardingManager) AddNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	return m.send(ctx, hcsmodify.RequestTypeAdd, a)
}

func (m forwardingManager) RemoveNetworkInterface(ctx context.Context, a *netlcow.Adapter) error {
	return m.send(ctx, hcsmodify.RequestTypeRemove, a)
}

// On the wire a gone VM or guest answers as hcsshim's transports do, not
// with netcore's sentinels: a manager that does not read those answers
// leaves Teardown failing after a crash, and the wire run says so.
func TestWireRunFailsAManagerThatMissesHcsshimsClosedBridge(t *testing.T) {
	b := lcow.UvmnetPair()
	wire := *b.Wire
	wire.OverConnection = func(conn hcsmodify.GuestConnection) lcow.Guest {
		return netlcow.GuestNetworkManager(forwardingManager{conn})
	}
	b.Wire = &wire
	rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile("^wire-conn/c1/faults/teardown/ns-(on|off)/2-endpoints$")})
	require.NoError(t, err)
	results := map[string]conformance.Result{}
	for _, r := range rep.Results {
		results[r.Name()] = r
	}
	require.Len(t, results, 2)
	assert.False(t, results["wire-conn/c1/faults/teardown/ns-on/2-endpoints"].Passed())
	// Without namespace support a Linux guest is sent nothing: the same
	// faults pass, so the failure above is the manager's.
	off := results["wire-conn/c1/faults/teardown/ns-off/2-endpoints"]
	assert.True(t, off.Passed(), "%q", off.Failures)

	// The ready manager over the same transport passes.
	rep, err = lcow.UvmnetPair().Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile("^wire-conn/c1/faults/teardown/ns-on/2-endpoints$")})
	require.NoError(t, err)
	require.Len(t, rep.Results, 1)
	assert.True(t, rep.Results[0].Passed(), "%q", rep.Results[0].Failures)
}
