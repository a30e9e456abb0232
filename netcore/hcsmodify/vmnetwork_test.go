package hcsmodify_test

import (
	"context"
	"errors"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

const (
	nicID      = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
	endpointID = "5b8e0a3c-7d2f-4c1e-9a6b-2f4d8c1e7a90"
	mac        = "00-15-5D-8A-21-07"
)

func adapter() *netcore.NetworkAdapter {
	return &netcore.NetworkAdapter{EndpointId: endpointID, MacAddress: mac}
}

// nicOp is AddNIC or RemoveNIC, so each behaviour is tested in both
// directions from one table.
type nicOp struct {
	name    string
	wire    string
	call    func(v *hcsmodify.VMNetwork, ctx context.Context, nicID string, a *netcore.NetworkAdapter) error
	rt      hcsmodify.RequestType
	errVerb string
}

var nicOps = []nicOp{
	// The bytes HCS receives for a NIC hot-add and hot-remove: the resource
	// path names the NIC, the settings are the schema's NetworkAdapter.
	{"AddNIC", `{"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/` + nicID + `","RequestType":"Add","Settings":{"EndpointId":"` + endpointID + `","MacAddress":"` + mac + `"}}`,
		(*hcsmodify.VMNetwork).AddNIC, hcsmodify.RequestTypeAdd, "hot-add"},
	{"RemoveNIC", `{"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/` + nicID + `","RequestType":"Remove","Settings":{"EndpointId":"` + endpointID + `","MacAddress":"` + mac + `"}}`,
		(*hcsmodify.VMNetwork).RemoveNIC, hcsmodify.RequestTypeRemove, "hot-remove"},
}

func TestVMNetworkSendsOneDocument(t *testing.T) {
	for _, op := range nicOps {
		t.Run(op.name, func(t *testing.T) {
			rec := &hcsmodifytest.Recorder{}
			v := hcsmodify.NewVMNetwork(rec)

			require.NoError(t, op.call(v, context.Background(), nicID, adapter()))

			docs := rec.Documents()
			require.Len(t, docs, 1)
			assert.Equal(t, &hcsmodify.ModifySettingRequest{
				ResourcePath: "VirtualMachine/Devices/NetworkAdapters/" + nicID,
				RequestType:  op.rt,
				Settings:     adapter(),
			}, docs[0])
			hcsmodifytest.AssertWire(t, docs[0], op.wire)
		})
	}
}

func TestVMNetworkRejectsInvalidArguments(t *testing.T) {
	cases := []struct {
		name    string
		nicID   string
		adapter *netcore.NetworkAdapter
		mention []string
	}{
		{"empty NIC ID", "", adapter(), []string{"nicID", `""`}},
		{"NIC ID not a GUID", "eth0", adapter(), []string{"nicID", `"eth0"`}},
		{"NIC ID in braces", "{" + nicID + "}", adapter(), []string{"nicID", `"{` + nicID + `}"`}},
		{"NIC ID with a path", nicID + "/../x", adapter(), []string{"nicID", nicID + "/../x"}},
		{"nil adapter", nicID, nil, []string{"adapter", "<nil>", nicID}},
	}
	for _, op := range nicOps {
		for _, tc := range cases {
			t.Run(op.name+"/"+tc.name, func(t *testing.T) {
				rec := &hcsmodifytest.Recorder{}
				v := hcsmodify.NewVMNetwork(rec)

				err := op.call(v, context.Background(), tc.nicID, tc.adapter)

				require.Error(t, err)
				assert.True(t, errdefs.IsInvalidArgument(err), "want an invalid-argument error, got %v", err)
				for _, s := range tc.mention {
					assert.Contains(t, err.Error(), s)
				}
				assert.Empty(t, rec.Documents(), "nothing may reach the VM when the arguments are invalid")
			})
		}
	}
}

func TestVMNetworkWrapsTransportErrors(t *testing.T) {
	for _, op := range nicOps {
		for _, sentinel := range []error{netcore.ErrVMUnavailable, errors.New("HCS: access denied")} {
			t.Run(op.name+"/"+sentinel.Error(), func(t *testing.T) {
				rec := &hcsmodifytest.Recorder{Err: sentinel}
				v := hcsmodify.NewVMNetwork(rec)

				err := op.call(v, context.Background(), nicID, adapter())

				require.Error(t, err)
				assert.ErrorIs(t, err, sentinel, "the controller must still recognise the transport's error")
				assert.Contains(t, err.Error(), op.errVerb)
				assert.Contains(t, err.Error(), nicID)
				assert.Contains(t, err.Error(), endpointID)
				assert.False(t, errdefs.IsInvalidArgument(err))
				assert.Len(t, rec.Documents(), 1)
			})
		}
	}
}

func TestVMNetworkPassesContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "shim")
	var seen context.Context
	v := hcsmodify.NewVMNetwork(computeSystemFunc(func(ctx context.Context, _ interface{}) error {
		seen = ctx
		return nil
	}))

	require.NoError(t, v.AddNIC(ctx, nicID, adapter()))
	assert.Equal(t, "shim", seen.Value(key{}), "the caller's context (deadline, logging) must reach the transport")
}

type computeSystemFunc func(ctx context.Context, config interface{}) error

func (f computeSystemFunc) ID() string { return "uvm" }
func (f computeSystemFunc) Modify(ctx context.Context, config interface{}) error {
	return f(ctx, config)
}

// A VM manager over no compute system, nil or a nil pointer, is not a nil
// manager that needs reflection to be caught: it says what is missing
// when netcore asks, and its calls fail without touching the transport.
func TestVMNetworkWithoutComputeSystemReportsIt(t *testing.T) {
	for name, cs := range map[string]hcsmodify.ComputeSystem{
		"nil":         nil,
		"nil pointer": (*hcsmodifytest.Recorder)(nil),
	} {
		v := hcsmodify.NewVMNetwork(cs)
		require.NotNil(t, v, name)
		var checked netcore.Validator = v
		assert.ErrorContains(t, checked.Validate(), "no compute system", name)
		err := v.AddNIC(context.Background(), nicID, &netcore.NetworkAdapter{EndpointId: nicID})
		assert.True(t, errdefs.IsFailedPrecondition(err), "%s: got %v", name, err)
	}
	require.NoError(t, hcsmodify.NewVMNetwork(&hcsmodifytest.Recorder{}).Validate())
}
