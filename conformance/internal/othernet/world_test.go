package othernet

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

const podNamespace = "a0c2e4f6-0000-4000-8000-00000000a001"

// linuxAgent is a Linux guest agent over the simulated guest.
type linuxAgent struct{ g *simworld.Guest }

func (a linuxAgent) AddNetworkInterface(ctx context.Context, ad *netlcow.Adapter) error {
	return a.g.ConfigureNIC(ctx, ad.ID, ad.MacAddress)
}

func (a linuxAgent) RemoveNetworkInterface(ctx context.Context, ad *netlcow.Adapter) error {
	return a.g.RemoveNIC(ctx, ad.ID)
}

// windowsAgent is a Windows guest agent over the simulated guest.
type windowsAgent struct{ g *simworld.Guest }

func (a windowsAgent) AddNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return a.g.AddNamespace(ctx, ns)
}

func (a windowsAgent) RemoveNetworkNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return a.g.RemoveNamespace(ctx, ns)
}

func (a windowsAgent) AddNetworkInterface(ctx context.Context, id string, rt netwcow.RequestType, ep *hcnmodel.Endpoint) error {
	if rt == netwcow.RequestTypePreAdd {
		return a.g.PrepareNIC(ctx, id, ep)
	}
	return a.g.ConfigureNIC(ctx, id, "")
}

func (a windowsAgent) RemoveNetworkInterface(ctx context.Context, id string, _ netwcow.RequestType, _ *hcnmodel.Endpoint) error {
	return a.g.RemoveNIC(ctx, id)
}

// vmOver is the VM network manager over the simulated VM.
type vmOver struct{ w *simworld.World }

func (v vmOver) AddNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	return v.w.AddNIC(ctx, id, simworld.Adapter{EndpointID: a.EndpointId, MAC: a.MacAddress})
}

func (v vmOver) RemoveNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	return v.w.RemoveNIC(ctx, id, simworld.Adapter{EndpointID: a.EndpointId, MAC: a.MacAddress})
}

// fault fails the nth call (from 1) at site with err, or stops what stop
// says there.
type fault struct {
	mu   sync.Mutex
	site string
	nth  int
	seen int
	err  error
	stop simworld.Stop
	hit  bool
}

func (f *fault) Enter(_ context.Context, c simworld.Call) simworld.Verdict {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.Site != f.site {
		return simworld.Verdict{}
	}
	f.seen++
	if f.seen != f.nth {
		return simworld.Verdict{}
	}
	f.hit = true
	if f.err != nil {
		return simworld.Verdict{Err: fmt.Errorf("%s %s: %w", c.Site, c.Subject, f.err)}
	}
	return simworld.Verdict{Stop: f.stop}
}

func (*fault) Leave(simworld.Call) {}

// pod is a Network over a simulated world holding one namespace with n
// endpoints, the last in HCN order named ..._eth0.
type pod struct {
	world     *simworld.World
	net       *Network
	endpoints []*hcnmodel.Endpoint
	fault     *fault
}

type nsSupport bool

func (s nsSupport) IsNamespaceAddRequestSupported() bool { return bool(s) }

func newPod(t *testing.T, windows, nsSupported bool, n int) *pod {
	t.Helper()
	p := &pod{fault: &fault{}}
	p.world = simworld.New(simworld.Options{
		VMUnavailable:    netcore.ErrVMUnavailable,
		GuestUnavailable: netcore.ErrGuestUnavailable,
		Intercept:        p.fault,
	})
	p.world.PutNamespace(&hcnmodel.Namespace{Id: podNamespace, Type: hcnmodel.NamespaceTypeGuest})
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("net%d", i)
		if i == n {
			name = "pod_eth0"
		}
		ep := &hcnmodel.Endpoint{
			Id:                   fmt.Sprintf("e0000000-0000-4000-8000-0000000000%02x", i),
			Name:                 name,
			HostComputeNamespace: podNamespace,
			MacAddress:           fmt.Sprintf("00-15-5D-00-00-%02X", i),
			IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.0.%d", i), PrefixLength: 32}},
		}
		p.endpoints = append(p.endpoints, ep)
		p.world.PutEndpoints(podNamespace, simworld.CopyEndpoint(ep))
	}
	guest := LinuxGuest(linuxAgent{p.world.Guest()})
	if windows {
		guest = WindowsGuest(windowsAgent{p.world.Guest()})
	}
	next := 0
	net, err := New(Config{
		NamespaceID:  podNamespace,
		VM:           vmOver{p.world},
		Host:         p.world,
		Guest:        guest,
		Capabilities: nsSupport(nsSupported),
		NewNICID: func() (string, error) {
			next++
			return fmt.Sprintf("d1c00000-0000-4000-8000-%012x", next), nil
		},
	})
	require.NoError(t, err)
	p.net = net
	return p
}

// failAt arms the pod's fault.
func (p *pod) failAt(site string, nth int, err error, stop simworld.Stop) {
	*p.fault = fault{site: site, nth: nth, err: err, stop: stop}
}

// sites returns the sites of the calls made since the last take.
func (p *pod) sites() []string {
	var out []string
	for _, c := range p.world.TakeCalls() {
		out = append(out, c.Site+" "+c.Subject)
	}
	return out
}

var errBoom = errors.New("boom")
