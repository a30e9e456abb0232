package podbench

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// failingVM fails every call with its error.
type failingVM struct{ err error }

func (v failingVM) AddNIC(context.Context, string, *netcore.NetworkAdapter) error    { return v.err }
func (v failingVM) RemoveNIC(context.Context, string, *netcore.NetworkAdapter) error { return v.err }

func TestCallClockTimesEveryCallAndPassesResultsOn(t *testing.T) {
	clock := &callClock{}
	assert.Zero(t, clock.mean(), "no call yet")

	cause := errors.New("refused")
	vm := clockedVM{VMNetworkManager: failingVM{err: cause}, clock: clock}
	require.ErrorIs(t, vm.AddNIC(context.Background(), "nic", &netcore.NetworkAdapter{}), cause)

	host := nettest.NewHost()
	nsID := host.Pod(1, 2)
	hcn := clockedHost{HostNetwork: delayHost{Host: host, Delay: time.Millisecond}, clock: clock}
	ids, err := hcn.GetNamespaceEndpointIDs(context.Background(), nsID)
	require.NoError(t, err)
	assert.Len(t, ids, 2)

	assert.Equal(t, int64(2), clock.calls.Load())
	assert.GreaterOrEqual(t, clock.total.Load(), int64(time.Millisecond), "the delayed read is counted in full")
}
