// Command shim is the smallest Windows-guest shim: it builds a pod network
// controller through netcore.New with the netwcow guest steps.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netwcow"
)

// transport stands for the Utility VM's compute system (the VM transport)
// and the guest connection (the guest transport).
type transport struct{}

func (transport) ID() string                                { return "uvm" }
func (transport) IsBridgeConnected() bool                   { return true }
func (transport) Modify(context.Context, interface{}) error { return netcore.ErrVMUnavailable }

// host stands for what hcnhost.New() (github.com/uvmnet/uvmnet/hcnhost)
// returns on a Windows host: the shim stays free of hcsshim, and
// windowshost/ is the rehearsal's build of hcnhost.New().
type host struct{}

var errNoHCN = errors.New("no HCN in the rehearsal")

func (host) GetNamespaceByID(context.Context, string) (*hcnmodel.Namespace, error) {
	return nil, errNoHCN
}
func (host) GetNamespaceEndpointIDs(context.Context, string) ([]string, error) { return nil, errNoHCN }
func (host) GetEndpointByID(context.Context, string) (*hcnmodel.Endpoint, error) {
	return nil, errNoHCN
}

func main() {
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID: "5b0d1bd6-1bd4-4c2e-8f6a-3b2a7c9e0d11",
		VM:          hcsmodify.NewVMNetwork(transport{}),
		Host:        host{},
		Guest:       netwcow.NewGuestSteps(netwcow.NewGuestManager(transport{})),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("wcow shim: controller", ctrl.State())
}
