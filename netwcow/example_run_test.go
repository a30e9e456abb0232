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

// printingTransport stands for the shim's compute-system and guest Modify
// calls: it prints each document it is handed.
type printingTransport struct{ name string }

func (p printingTransport) Modify(_ context.Context, doc interface{}) error {
	b, _ := json.Marshal(doc)
	fmt.Printf("%s: %s\n", p.name, b)
	return nil
}

type guestSupportsNamespaces struct{}

func (guestSupportsNamespaces) IsNamespaceAddRequestSupported() bool { return true }

// The whole lifecycle against an in-memory HCN, with the ready VM and
// guest managers printing the documents they would send: the namespace
// goes into the guest first, then each NIC in three phases (pre-add, host
// hot-add, add), and all of it comes out in reverse.
func ExampleNew_documents() {
	ctx := context.Background()
	host := nettest.NewHost()
	nsID := host.Pod(1, 1) // one endpoint, named pod1-eth0

	ctrl, err := netwcow.New(netwcow.Config{
		NamespaceID:  nsID,
		VM:           hcsmodify.NewVMNetwork(printingTransport{"vm"}),
		Host:         host,
		Guest:        netwcow.NewGuestManager(printingTransport{"guest"}),
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
	// guest: {"GuestRequest":{"ResourceType":"NetworkNamespace","RequestType":"Add","Settings":{"ID":"00000001-0000-4000-8000-000000000000","Type":"Guest","SchemaVersion":{"Major":0,"Minor":0}}}}
	// guest: {"GuestRequest":{"ResourceType":"Network","RequestType":"Add","Settings":{"AdapterId":"aaaaaaaa-0000-4000-8000-000000000001","RequestType":"PreAdd","Settings":{"ID":"00000001-0000-4000-8000-000000000001","Name":"pod1-eth0","HostComputeNamespace":"00000001-0000-4000-8000-000000000000","IpConfigurations":[{"IpAddress":"10.0.1.2","PrefixLength":16}],"Dns":{"Domain":"pod.cluster.local","Search":["svc.cluster.local"],"ServerList":["10.96.0.10"]},"Routes":[{"NextHop":"10.0.0.1","DestinationPrefix":"0.0.0.0/0"}],"MacAddress":"00-15-5D-00-01-00","Health":{"Extra":{}},"SchemaVersion":{"Major":0,"Minor":0}}}}}
	// vm: {"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Add","Settings":{"EndpointId":"00000001-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-01-00"}}
	// guest: {"GuestRequest":{"ResourceType":"Network","RequestType":"Add","Settings":{"AdapterId":"aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Add"}}}
	// Configured
	// guest: {"GuestRequest":{"ResourceType":"Network","RequestType":"Remove","Settings":{"AdapterId":"aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Remove"}}}
	// vm: {"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Remove","Settings":{"EndpointId":"00000001-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-01-00"}}
	// guest: {"GuestRequest":{"ResourceType":"NetworkNamespace","RequestType":"Remove","Settings":{"ID":"00000001-0000-4000-8000-000000000000","Type":"Guest","SchemaVersion":{"Major":0,"Minor":0}}}}
	// TornDown
}
