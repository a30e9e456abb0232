package netlcow_test

import (
	"context"
	"log"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// shim stands for what a Linux-guest shim already has when its sandbox
// task starts: the VM's NIC manager, the HCN reader, and the guest
// connection.
type shim struct {
	vm    netcore.VMNetworkManager     // the shim's VM manager
	host  netcore.HostNetwork          // hcnhost.New() on Windows
	guest hcsmodify.Modifier           // the guest connection's Modify call
	caps  netcore.CapabilitiesProvider // the guest's capabilities
}

// A shim builds one controller per pod, sets the network up when the
// sandbox starts, and tears it down when the sandbox stops.
func ExampleNew() {
	ctx := context.Background()
	var s shim // filled in by the shim

	ctrl, err := netlcow.New(netlcow.Config{
		NamespaceID:  "5b0d1bd6-1bd4-4c2e-8f6a-3b2a7c9e0d11", // from the sandbox's CNI result
		VM:           s.vm,
		Host:         s.host,
		Guest:        netlcow.NewGuestManager(s.guest),
		Capabilities: s.caps,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := ctrl.Setup(ctx); err != nil {
		log.Printf("network setup: %v", err) // Teardown still removes what was attached
	}
	defer func() {
		if err := ctrl.Teardown(ctx); err != nil {
			log.Printf("network teardown: %v", err)
		}
	}()
}

// On a live-migration destination the shim rebuilds the controller from the
// source's snapshot, points it at the destination namespace, binds it to
// its own managers, and re-attaches the endpoints.
func ExampleImport() {
	ctx := context.Background()
	var (
		s        shim       // the destination's collaborators
		snapshot *anypb.Any // from Save on the source
	)

	ctrl, err := netlcow.Import(ctx, snapshot, netcore.Tuning{})
	if err != nil {
		log.Fatal(err)
	}
	if err := ctrl.Patch(ctx, "9e4f7a20-6c1b-4d8e-b3a5-0f2e1d4c6b87"); err != nil {
		log.Fatal(err)
	}
	if err := ctrl.Resume(ctx, s.vm, s.host, netlcow.NewGuestManager(s.guest)); err != nil {
		log.Fatal(err)
	}
	if err := ctrl.ResetAfterMigration(ctx); err != nil {
		log.Fatal(err)
	}
}
