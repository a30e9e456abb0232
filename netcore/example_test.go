package netcore_test

import (
	"context"
	"fmt"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// printedSteps stands for a guest platform's steps (netlcow.NewGuestSteps
// or netwcow.NewGuestSteps): it prints each step the controller asks for.
type printedSteps struct{}

func (printedSteps) UsesGuestNamespace(netcore.PodNetwork) bool { return false }
func (printedSteps) AddNamespace(context.Context, netcore.PodNetwork, *hcnmodel.Namespace) error {
	return nil
}
func (printedSteps) RemoveNamespace(context.Context, netcore.PodNetwork, *hcnmodel.Namespace) error {
	return nil
}
func (printedSteps) PreparesNIC(netcore.PodNetwork) bool { return false }
func (printedSteps) PrepareNIC(context.Context, netcore.PodNetwork, netcore.NICInfo) error {
	return nil
}
func (printedSteps) ConfigureNIC(_ context.Context, _ netcore.PodNetwork, nic netcore.NICInfo) error {
	fmt.Println("guest: configure", nic.Endpoint.Name)
	return nil
}
func (printedSteps) RemoveNIC(_ context.Context, _ netcore.PodNetwork, nic netcore.NICInfo) error {
	fmt.Println("guest: remove", nic.Endpoint.Name)
	return nil
}

// One pod's network from Setup to Teardown, over an in-memory HCN with two
// endpoints: the one named ...eth0 goes first, whatever HCN's order.
func ExampleNew() {
	ctx := context.Background()
	host := nettest.NewHost()
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID: host.Pod(1, 2),
		VM:          nettest.NopVM{},
		Host:        host,
		Guest:       printedSteps{},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ctrl.Setup(ctx), ctrl.State())
	fmt.Println(ctrl.Teardown(ctx), ctrl.State())
	// Output:
	// guest: configure pod1-eth0
	// guest: configure pod1-net0
	// <nil> Configured
	// guest: remove pod1-net0
	// guest: remove pod1-eth0
	// <nil> TornDown
}

// A live migration: the source saves and hands over; the destination
// imports the snapshot, learns its own namespace, binds its managers and
// swaps the source's NICs for its endpoints. The source's NICs leave the
// guest; their host side is the source's and is not hot-removed.
func ExampleImport() {
	ctx := context.Background()
	host := nettest.NewHost()
	source, err := netcore.New(netcore.Config{NamespaceID: host.Pod(1, 1), VM: nettest.NopVM{}, Host: host, Guest: printedSteps{}})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = source.Setup(ctx)
	snapshot, err := source.Save(ctx)
	fmt.Println(snapshot.GetTypeUrl(), err)
	fmt.Println(source.Teardown(ctx), source.State())

	dest, err := netcore.Import(ctx, snapshot, netcore.Tuning{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(dest.State())
	_ = dest.Patch(ctx, host.Pod(2, 1))
	_ = dest.Resume(ctx, nettest.NopVM{}, host, printedSteps{})
	fmt.Println(dest.ResetAfterMigration(ctx), dest.State())
	// Output:
	// guest: configure pod1-eth0
	// type.microsoft.com/hcsshim.controller.network.save.v1.Payload <nil>
	// <nil> TornDown
	// DestinationMigrating
	// guest: remove pod1-eth0
	// guest: configure pod2-eth0
	// <nil> Configured
}
