package netlcow_test

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/nettest"
	"github.com/uvmnet/uvmnet/netlcow"
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
// guest managers printing the documents they would send.
func ExampleNew_documents() {
	ctx := context.Background()
	host := nettest.NewHost()
	nsID := host.Pod(1, 1) // one endpoint, named pod1-eth0

	ctrl, err := netlcow.New(netlcow.Config{
		NamespaceID:  nsID,
		VM:           hcsmodify.NewVMNetwork(printingTransport{"vm"}),
		Host:         host,
		Guest:        netlcow.NewGuestManager(printingTransport{"guest"}),
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
	// vm: {"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Add","Settings":{"EndpointId":"00000001-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-01-00"}}
	// guest: {"GuestRequest":{"ResourceType":"Network","RequestType":"Add","Settings":{"NamespaceID":"00000001-0000-4000-8000-000000000000","ID":"aaaaaaaa-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-01-00","DNSSuffix":"pod.cluster.local,svc.cluster.local","DNSServerList":"10.96.0.10","IPConfigs":[{"IPAddress":"10.0.1.2","PrefixLength":16}],"Routes":[{"NextHop":"10.0.0.1","DestinationPrefix":"0.0.0.0/0"}]}}}
	// Configured
	// guest: {"GuestRequest":{"ResourceType":"Network","RequestType":"Remove","Settings":{"NamespaceID":"00000001-0000-4000-8000-000000000000","ID":"aaaaaaaa-0000-4000-8000-000000000001"}}}
	// vm: {"ResourcePath":"VirtualMachine/Devices/NetworkAdapters/aaaaaaaa-0000-4000-8000-000000000001","RequestType":"Remove","Settings":{"EndpointId":"00000001-0000-4000-8000-000000000001","MacAddress":"00-15-5D-00-01-00"}}
	// TornDown
}
