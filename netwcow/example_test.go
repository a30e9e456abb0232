package netwcow_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/nettest"
	"github.com/uvmnet/uvmnet/netwcow"
)

// printer stands for the shim's two transports, the Utility VM's compute
// system and the guest connection: it prints each document it is handed.
type printer string

func (p printer) ID() string              { return string(p) }
func (p printer) IsBridgeConnected() bool { return true }
func (p printer) Modify(_ context.Context, doc interface{}) error {
	b, _ := json.Marshal(doc)
	fmt.Printf("%s: %s\n", p, b)
	return nil
}

type guestSupportsNamespaces struct{}

func (guestSupportsNamespaces) IsNamespaceAddRequestSupported() bool { return true }

// A Windows-guest shim wires the ready managers over its compute system and
// guest connection and runs the whole lifecycle; here an in-memory HCN
// holds one endpoint, and the transports print what they would send: the
// namespace goes into the guest first, then each NIC in three phases
// (pre-add, VM hot-add, add), and all of it comes out in reverse.
func Example() {
	ctx := context.Background()
	host := nettest.NewHost() // hcnhost.New() on Windows
	nsID := host.Pod(1, 1)    // one endpoint, named pod1-eth0

	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:  nsID,
		VM:           hcsmodify.NewVMNetwork(printer("vm")),
		Host:         host,
		Guest:        netwcow.NewGuestSteps(netwcow.NewGuestManager(printer("guest"))),
		Capabilities: guestSupportsNamespaces{},
		Tuning: netcore.Tuning{NewNICID: func() (string, error) {
			return "aaaaaaaa-0000-4000-8000-000000000001", nil
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := ctrl.Setup(ctx); err != nil {
		fmt.Println(err)
	}
	fmt.Println(ctrl.State())
	if err := ctrl.Teardown(ctx); err != nil {
		fmt.Println(err)
	}
	fmt.Println(ctrl.State())
	// Output:
	// guest: {"RequestType":"Add","ResourceType":"NetworkNamespace","Settings":{"ID":"00000001-0000-4000-8000-000000000000","Type":"Guest","SchemaVersion":{"Major":0,"Minor":0}}}
	// guest: {"RequestType":"Add","ResourceType":"Network","Settings":{"AdapterId":"aaaaaaaa-0000-4000-8000-000000000001","RequestType":"PreAdd","Settings":{"ID":"00000001-0000-4000-8000-000000000001","Name":"pod1-eth0","HostComputeNamespace":"00000001-0000-4000-8000-000000000000","IpConfigurations":[{"IpAddress":"10.0.1.2","PrefixLength":16}],"Dns":{"Domain":"pod.cluster.local","Search":["svc.cluster.local"],"ServerList":["10.96.0.10"]},"Routes":[{"NextHop":"10.0.0.1","DestinationPrefix":"0.0.0.0/0"}],"MacAddress":"00-15-5D-00-01-00","Health":{"Extra":{}},"SchemaVersion":{"Major":0,"Minor":0}}}}
	// vm: {"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Add","Settings":{"EndpointId":"00000001-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-01-00"}}
	// guest: {"RequestType":"Add","ResourceType":"Network","Settings":{"AdapterId":"aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Add","Settings":null}}
	// Configured
	// guest: {"RequestType":"Remove","ResourceType":"Network","Settings":{"AdapterId":"aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Remove","Settings":null}}
	// vm: {"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Remove","Settings":{"EndpointId":"00000001-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-01-00"}}
	// guest: {"RequestType":"Remove","ResourceType":"NetworkNamespace","Settings":{"ID":"00000001-0000-4000-8000-000000000000","Type":"Guest","SchemaVersion":{"Major":0,"Minor":0}}}
	// TornDown
}

// A shim whose guest requests travel through the compute system, because
// it has no guest connection, picks the legacy route explicitly: the same
// request goes to HCS inside a modify document's GuestRequest.
func ExampleNewLegacyGuestManager() {
	guest := netwcow.NewLegacyGuestManager(printer("uvm"))
	err := guest.RemoveNetworkInterface(context.Background(), "aaaaaaaa-0000-4000-8000-000000000001", netwcow.RequestTypeRemove, nil)
	fmt.Println(err)
	// Output:
	// uvm: {"GuestRequest":{"RequestType":"Remove","ResourceType":"Network","Settings":{"AdapterId":"aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Remove","Settings":null}}}
	// <nil>
}
