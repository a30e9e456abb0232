package conformance

import (
	"context"
	"fmt"
	"sync"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// simulator is a small stateful world for the controller: an HCN holding
// namespaces and endpoints, a Utility VM with its attached NICs, and a
// guest with the NICs and namespaces it was given. It is the suite's
// adapter over the shared simulator, [simworld.World], which changes that
// state as the real platform would, refuses what the real one could not
// do (a removal of something absent, a guest step on a NIC the VM lacks)
// and records each such misuse as a violation. simulator adds netcore's manager
// interfaces, the suite's faults (armed for an operation, by call index
// or key, chained) and its end-state queries; scenarios then check the
// end state, not only the calls.
type simulator struct {
	world *simworld.World
	guest *SimGuest

	// mu guards the fault state below. The world's interceptor takes it
	// under the world's lock; nothing here calls the world while holding
	// it.
	mu       sync.Mutex
	fault    injection
	armed    bool
	fired    bool
	sinceArm int
	cancel   context.CancelFunc
	// answer is the shape the wire transport answers its call with, once
	// a shaped fault fired (see wireAnswer).
	answer *wireShape
}

// SimGuest is the simulated guest, in terms of netcore's abstract guest
// steps. A platform binding implements its real guest contract over it
// ([binding.SimGuest]), translating each request to a step and reporting a
// request its guest agent would refuse with Reject. Each method enforces
// what a guest would: no NIC configured before the VM has it, nothing
// removed that is not there, no namespace removed before its NICs.
type SimGuest = simworld.Guest

// newSimulator returns an empty world.
func newSimulator() *simulator {
	s := &simulator{}
	s.world = simworld.New(simworld.Options{
		VMUnavailable:    netcore.ErrVMUnavailable,
		GuestUnavailable: netcore.ErrGuestUnavailable,
		Intercept:        simFaults{s},
	})
	s.guest = s.world.Guest()
	return s
}

// addPod puts a fixture's namespace and endpoints into HCN.
func (s *simulator) addPod(f podFixture) {
	s.world.PutNamespace(cloneNamespace(f.namespace))
	s.addEndpoints(f.namespace.Id, f.endpoints...)
}

// VM returns the simulated VM network manager.
func (s *simulator) VM() netcore.VMNetworkManager { return simVM{s} }

// Host returns the simulated HCN.
func (s *simulator) Host() netcore.HostNetwork { return s.world }

// Guest returns the simulated guest, for [binding.SimGuest].
func (s *simulator) Guest() *SimGuest { return s.guest }

// callKind says which manager a call goes to: it decides which faults
// apply and what "gone" means for it.
type callKind = simworld.Manager

const (
	hostCall  = simworld.HostCall
	vmCall    = simworld.VMCall
	guestCall = simworld.GuestCall
)

// simCall is one call a manager received: its site ("vm.AddNIC") and
// what it was about (a NIC, endpoint or namespace ID). Its Key names it
// uniquely within one operation.
type simCall = simworld.Call

// simFaults is the suite's fault injection, as the world's interceptor.
type simFaults struct{ s *simulator }

// Enter applies the fault armed for the call: at the f.At-th call since
// arming, or at the call with key f.Call.
func (f simFaults) Enter(ctx context.Context, call simworld.Call) simworld.Verdict {
	s := f.s
	s.mu.Lock()
	defer s.mu.Unlock()
	idx := s.sinceArm
	s.sinceArm++
	hit := idx == s.fault.At
	if s.fault.Call != "" {
		hit = call.Key() == s.fault.Call
	}
	if !s.armed || s.fired || !hit {
		return simworld.Verdict{}
	}
	fault := s.fault
	s.fired = true
	s.fault.Site = call.Site
	if fault.then != nil {
		// The next fault of the chain counts calls from here on.
		s.fault, s.fired, s.sinceArm = *fault.then, false, 0
	}
	if sh := fault.shape; sh != nil {
		// The wire transport answers with the shape (wireAnswer); the
		// world stops, applies the call, or fails it without effect.
		s.answer = sh
		switch {
		case sh.stops():
			return simworld.Verdict{Stop: sh.stop}
		case sh.applied:
			return simworld.Verdict{}
		}
		return simworld.Verdict{Err: sh.err}
	}
	switch fault.Kind {
	case faultCancel:
		if fault.Call != "" {
			// A keyed cancellation lands while the call is in flight: the
			// call sees its context cancelled and fails with it.
			s.cancel()
			return simworld.Verdict{Err: fmt.Errorf("sim: %s %s: %w", call.Site, call.Subject, ctx.Err())}
		}
	case faultError:
		return simworld.Verdict{Err: fmt.Errorf("sim: %s %s: %w", call.Site, call.Subject, errInjected)}
	case faultGuestGone:
		return simworld.Verdict{Stop: simworld.StopGuest}
	case faultVMGone:
		return simworld.Verdict{Stop: simworld.StopVM}
	case faultPanic:
		panic(injectedPanic{Site: call.Site, Subject: call.Subject})
	}
	return simworld.Verdict{}
}

// Leave fires an armed cancellation once the call before its target
// returns, so the target call is the first made on a dead context.
func (f simFaults) Leave(simworld.Call) {
	s := f.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.armed && !s.fired && s.fault.Kind == faultCancel && s.fault.Call == "" && s.sinceArm == s.fault.At {
		s.fired = true
		s.cancel()
	}
}

// arm makes the fault happen at the f.At-th call (from 0) from now on, or,
// when f.Call is set, at the first call with that key. cancel cancels the
// context of the operation about to run; a cancellation at call 0 happens
// at once.
func (s *simulator) arm(f injection, cancel context.CancelFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault, s.armed, s.fired, s.sinceArm, s.cancel = f, true, false, 0, cancel
	if f.Kind == faultCancel && f.Call == "" && f.At == 0 {
		s.fired = true
		cancel()
	}
}

// disarm stops fault injection and reports whether the fault (every fault
// of a chain) fired, and at which call site the last one did.
func (s *simulator) disarm() (fired bool, site string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fired, site = s.fired, s.fault.Site
	s.armed = false
	return fired, site
}

// simVM is the simulated VM network manager.
type simVM struct{ s *simulator }

func (v simVM) AddNIC(ctx context.Context, nicID string, adapter *netcore.NetworkAdapter) error {
	if adapter == nil {
		// A hot-add without settings is no network adapter for HCS
		// (internal/hcs/schema2/network_adapter.go names what one holds).
		v.s.world.Violate("vm.AddNIC %s: nil adapter", nicID)
		return fmt.Errorf("sim: vm.AddNIC %s: nil adapter: %w", nicID, errdefs.ErrInvalidArgument)
	}
	return v.s.world.AddNIC(ctx, nicID, simAdapter(adapter))
}

func (v simVM) RemoveNIC(ctx context.Context, nicID string, adapter *netcore.NetworkAdapter) error {
	return v.s.world.RemoveNIC(ctx, nicID, simAdapter(adapter))
}

// simAdapter is the world's form of a NIC's adapter; a nil one binds
// nothing, which the world reports as not the adapter the NIC was added
// with.
func simAdapter(a *netcore.NetworkAdapter) simworld.Adapter {
	if a == nil {
		return simworld.Adapter{}
	}
	return simworld.Adapter{EndpointID: a.EndpointId, MAC: a.MacAddress}
}

// capabilityAnswer is a capabilities provider with a fixed answer.
type capabilityAnswer bool

func (c capabilityAnswer) IsNamespaceAddRequestSupported() bool { return bool(c) }

// addEndpoints puts more endpoints into a namespace already in HCN, as CNI
// does when a network is attached to a running pod.
func (s *simulator) addEndpoints(namespaceID string, endpoints ...*hcnmodel.Endpoint) {
	for _, ep := range endpoints {
		s.world.PutEndpoints(namespaceID, cloneEndpoint(ep))
	}
}

// addLooseEndpoint puts an endpoint into HCN that belongs to no namespace:
// its HostComputeNamespace is empty and no namespace lists it.
func (s *simulator) addLooseEndpoint(ep *hcnmodel.Endpoint) {
	s.world.PutLooseEndpoint(cloneEndpoint(ep))
}
