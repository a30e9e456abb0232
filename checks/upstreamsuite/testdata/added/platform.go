package network

import (
	"context"

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
func Platform() subject.Platform[netlcow.GuestNetworkManager] {
	return subject.Platform[netlcow.GuestNetworkManager]{
		New: func(pod conformance.Pod[netlcow.GuestNetworkManager], vm *vmmanager.UtilityVM) (subject.Upstream, error) {
			g := guestmanager.New(pod.Guest, pod.Capabilities)
			return New(&Options{NetworkNamespace: pod.NamespaceID, PolicyBasedRouting: pod.PolicyBasedRouting}, vm, g, g), nil
		},
		Import: func(ctx context.Context, snap *anypb.Any) (subject.Upstream, error) {
			c, err := Import(ctx, snap)
			if err != nil {
				return nil, err
			}
			return c, nil
		},
		Resume: func(ctx context.Context, u subject.Upstream, vm *vmmanager.UtilityVM, guest netlcow.GuestNetworkManager, caps netcore.CapabilitiesProvider) error {
			return u.(*Controller).Resume(ctx, vm, guestmanager.New(guest, caps))
		},
	}
}
