package network

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/types/known/anypb"

	guestmanager "github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/lcowguest"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/vmmanager"
	"github.com/uvmnet/uvmnet/checks/upstreamsuite/subject"
	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Platform is this copy for package subject. Added to the copy by the
// check, which writes this file as it is into the LCOW copy and, with
// "lcow" replaced by "wcow", into the WCOW copy.
func Platform() subject.Platform {
	return subject.Platform{
		New: func(pod conformance.Pod, vm *vmmanager.UtilityVM) (subject.Upstream, error) {
			g, err := platformGuest(pod.Guest, pod.Capabilities)
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
			g, err := platformGuest(guest, caps)
			if err != nil {
				return err
			}
			return u.(*Controller).Resume(ctx, vm, g)
		},
	}
}

func platformGuest(guest any, caps netcore.CapabilitiesProvider) (*guestmanager.Guest, error) {
	g, ok := guest.(netlcow.GuestNetworkManager)
	if !ok && guest != nil {
		return nil, fmt.Errorf("the guest is a %T, not a netlcow.GuestNetworkManager", guest)
	}
	return guestmanager.New(g, caps), nil
}
