// Package othernetbind puts the second controller, othernet, behind the
// conformance suite's Subject, as a shim with a controller of its own
// would: New builds it from the suite's Pod, handing it the platform's
// guest contract as the pod carries it, and Import rebuilds it from a
// snapshot. The binding declares what othernet supports, migration and
// the suite's NIC IDs, and no more: no hot-plug, and one call at a time.
// The self-tests of conformance/lcow and conformance/wcow build their
// subjects from it.
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

// Platform is p with its runs named for othernet ("lcow-othernet"), so
// that a report tells them from uvmnet's.
func Platform[G any](p conformance.Platform[G]) conformance.Platform[G] {
	p.Name += "-othernet"
	return p
}

// Subject is othernet as the suite's subject on the platform of guest
// contract G.
func Subject[G any]() conformance.Subject[G] { return Planted[G](othernet.NoBug) }

// Planted is Subject with bug planted in every controller it builds, from
// New and from Import alike.
func Planted[G any](bug othernet.Bug) conformance.Subject[G] {
	return conformance.Subject[G]{
		Capabilities: Capabilities,
		New:          func(pod conformance.Pod[G]) (conformance.Controller, error) { return build(pod, bug) },
		Import: func(_ context.Context, snap *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
			n, err := othernet.Import(snap, opts.NewNICID, bug)
			if err != nil {
				return nil, err
			}
			return controller[G]{n}, nil
		},
	}
}

func build[G any](pod conformance.Pod[G], bug othernet.Bug) (conformance.Controller, error) {
	guest, err := guestOf(any(pod.Guest))
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
	return controller[G]{n}, nil
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
type controller[G any] struct{ *othernet.Network }

func (c controller[G]) Resume(ctx context.Context, m conformance.Managers[G]) error {
	guest, err := guestOf(any(m.Guest))
	if err != nil {
		return err
	}
	return c.Network.Resume(ctx, m.VM, m.Host, guest)
}

var _ conformance.Migrator[netlcow.GuestNetworkManager] = controller[netlcow.GuestNetworkManager]{}
