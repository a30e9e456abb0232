// Command shim is the smallest Linux-guest shim: it builds a pod network
// controller through netlcow.New.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// transport stands for the compute system's Modify (VM transport) and the
// guest connection's Modify (guest transport).
type transport struct{}

func (transport) Modify(context.Context, interface{}) error { return netcore.ErrVMUnavailable }

// host stands for hcnhost.New() (Windows only).
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
	ctrl, err := netlcow.New(netlcow.Config{
		NamespaceID: "5b0d1bd6-1bd4-4c2e-8f6a-3b2a7c9e0d11",
		VM:          hcsmodify.NewVMNetwork(transport{}),
		Host:        host{},
		Guest:       netlcow.NewGuestManager(transport{}),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("lcow shim: controller", ctrl.State())
}
