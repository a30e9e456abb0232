//go:build windows && (lcow || wcow)

// Package network runs a pod's network through uvmnet
// (github.com/uvmnet/uvmnet): this package keeps the API the pod, VM and
// migration controllers call, and uvmnet's controller does the work.
package network

import (
	"context"

	"github.com/Microsoft/hcsshim/internal/gcs"
	"github.com/Microsoft/hcsshim/internal/vm/guestmanager"
	"github.com/Microsoft/hcsshim/internal/vm/vmmanager"
	"github.com/uvmnet/uvmnet/hcnhost"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"google.golang.org/protobuf/types/known/anypb"
)

// Options holds the configuration for the controller which would be required
// to set up the network for a pod.
type Options struct {
	// NetworkNamespace is the HCN namespace ID to attach to the guest.
	NetworkNamespace string
	// PolicyBasedRouting controls whether policy-based routing is configured
	// for the endpoints added to the guest. Only relevant for LCOW.
	PolicyBasedRouting bool
}

// Controller is one pod's network controller: uvmnet's, over this UVM.
type Controller struct {
	*netcore.Controller
	// invalid is why uvmnet refused the options; Setup returns it.
	invalid error
}

// New returns a controller for the pod's namespace over the UVM's compute
// system and guest connection. caps is asked once whether the guest takes
// namespace requests.
func New(opts *Options, uvm *vmmanager.UtilityVM, guest *guestmanager.Guest, caps interface {
	Capabilities() gcs.GuestDefinedCapabilities
}) *Controller {
	host, err := hcnhost.New() // fails only off Windows
	if err != nil {
		return &Controller{invalid: err}
	}
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:        opts.NetworkNamespace,
		PolicyBasedRouting: opts.PolicyBasedRouting,
		VM:                 hcsmodify.NewVMNetwork(uvm),
		Host:               host,
		Guest:              guestSteps(guest),
		Capabilities:       namespaceSupport{caps.Capabilities()},
	})
	return &Controller{Controller: ctrl, invalid: err}
}

// Import rebuilds a controller from a snapshot Save made, here or in
// hcsshim's own network controller.
func Import(ctx context.Context, env *anypb.Any) (*Controller, error) {
	ctrl, err := netcore.Import(ctx, env, netcore.Tuning{})
	if err != nil {
		return nil, err
	}
	return &Controller{Controller: ctrl}, nil
}

// Setup attaches the namespace's endpoints to the UVM and the guest.
func (c *Controller) Setup(ctx context.Context) error {
	if c.invalid != nil {
		return c.invalid
	}
	return c.Controller.Setup(ctx)
}

// Teardown removes what Setup attached; nothing when New refused.
func (c *Controller) Teardown(ctx context.Context) error {
	if c.invalid != nil {
		return nil
	}
	return c.Controller.Teardown(ctx)
}

// Resume binds a migrating controller to this host's UVM and guest.
func (c *Controller) Resume(ctx context.Context, uvm *vmmanager.UtilityVM, guest *guestmanager.Guest) error {
	host, err := hcnhost.New()
	if err != nil {
		return err
	}
	return c.Controller.Resume(ctx, hcsmodify.NewVMNetwork(uvm), host, guestSteps(guest))
}

// namespaceSupport answers uvmnet's capability question from the guest's
// capabilities, which are nil before the guest connection is made.
type namespaceSupport struct{ caps gcs.GuestDefinedCapabilities }

func (n namespaceSupport) IsNamespaceAddRequestSupported() bool {
	return n.caps != nil && n.caps.IsNamespaceAddRequestSupported()
}
