package network

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/vmmanager"
	guestmanager "github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/wcowguest"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/subject"
	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Platform is this WCOW copy for package subject. Added to the copy by
// the check.
func Platform() subject.Platform {
	return subject.Platform{
		New: func(pod conformance.Pod, vm *vmmanager.UtilityVM) (subject.Upstream, error) {
			g, err := windowsGuest(pod.Guest, pod.Capabilities)
			if err != nil {
				return nil, err
			}
			return New(&Options{NetworkNamespace: pod.NamespaceID, PolicyBasedRouting: pod.PolicyBasedRouting}, vm, g, g), nil
		},
		Import: func(ctx context.Context, snap *anypb.Any) (subject.Upstream, error) {
			c, err := Import(ctx, snap)
			if err != nil {
				return nil, err
			}
			return c, nil
		},
		Resume: func(ctx context.Context, u subject.Upstream, vm *vmmanager.UtilityVM, guest any, caps netcore.CapabilitiesProvider) error {
			g, err := windowsGuest(guest, caps)
			if err != nil {
				return err
			}
			return u.(*Controller).Resume(ctx, vm, g)
		},
	}
}

func windowsGuest(guest any, caps netcore.CapabilitiesProvider) (*guestmanager.Guest, error) {
	g, ok := guest.(netwcow.GuestNetworkManager)
	if !ok && guest != nil {
		return nil, fmt.Errorf("the guest is a %T, not a netwcow.GuestNetworkManager", guest)
	}
	return guestmanager.New(g, caps), nil
}
