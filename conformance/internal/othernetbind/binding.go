// Package othernetbind puts the second controller, othernet, behind the
// conformance suite's Binding, as a shim with a controller of its own
// would: New builds it from the suite's Pod, handing it the platform's
// guest contract as the pod carries it, and Import rebuilds it from a
// snapshot. The binding declares what othernet supports, migration and
// the suite's NIC IDs, and no more: no hot-plug, and one call at a time.
// The self-tests of conformance/lcow and conformance/wcow build their
// bindings from it.
package othernetbind

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/othernet"
	"github.com/uvmnet/uvmnet/netlcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Capabilities is what othernet supports: live migration (Save, Patch,
// Resume, ResetAfterMigration and Import) and NIC IDs drawn from the
// suite's generator. It has no hot-plug, and it makes one call at a time
// whatever concurrency it is offered.
var Capabilities = conformance.Capabilities{Migration: true, NICIDs: true}

// Rebind returns b, a platform's own binding, with othernet as its
// controller: b keeps its guests (mock, simulated, on the wire), and
// othernet speaks to each through the platform's guest contract.
func Rebind(b conformance.Binding) conformance.Binding {
	return Planted(b, othernet.NoBug)
}

// Planted is Rebind with bug planted in every controller the binding
// builds, from New and from Import alike.
func Planted(b conformance.Binding, bug othernet.Bug) conformance.Binding {
	b.Name += "-othernet"
	b.Capabilities = Capabilities
	b.New = func(pod conformance.Pod) (conformance.Controller, error) { return build(pod, bug) }
	b.Import = func(_ context.Context, snap *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
		n, err := othernet.Import(snap, opts.NewNICID, bug)
		if err != nil {
			return nil, err
		}
		return controller{n}, nil
	}
	b.Wrap = nil
	return b
}

func build(pod conformance.Pod, bug othernet.Bug) (conformance.Controller, error) {
	guest, err := guestOf(pod.Guest)
	if err != nil {
		return nil, err
	}
	n, err := othernet.New(othernet.Config{
		NamespaceID:        pod.NamespaceID,
		PolicyBasedRouting: pod.PolicyBasedRouting,
		VM:                 pod.VM,
		Host:               pod.Host,
		Guest:              guest,
		Capabilities:       pod.Capabilities,
		NewNICID:           pod.NewNICID,
		Bug:                bug,
	})
	if err != nil {
		return nil, err
	}
	return controller{n}, nil
}

// guestOf is a platform's guest contract as othernet's guest. No contract
// (a source rolled back by Resume has none) is no guest.
func guestOf(contract any) (othernet.Guest, error) {
	switch g := contract.(type) {
	case nil:
		return othernet.Guest{}, nil
	case netlcow.GuestNetworkManager:
		return othernet.LinuxGuest(g), nil
	case netwcow.GuestNetworkManager:
		return othernet.WindowsGuest(g), nil
	}
	return othernet.Guest{}, fmt.Errorf("othernetbind: the guest is a %T, neither a netlcow nor a netwcow GuestNetworkManager", contract)
}

// controller is othernet's Network with Resume taking the suite's
// managers.
type controller struct{ *othernet.Network }

func (c controller) Resume(ctx context.Context, m conformance.Managers) error {
	guest, err := guestOf(m.Guest)
	if err != nil {
		return err
	}
	return c.Network.Resume(ctx, m.VM, m.Host, guest)
}

var _ conformance.Migrator = controller{}
