package conformance

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Sim is a small stateful world for the controller: an HCN holding
// namespaces and endpoints, a Utility VM with its attached NICs, and a
// guest with the NICs and namespaces it was given. Its managers change that
// state as the real ones would, refuse what the real ones could not do (a
// removal of something absent, a guest step on a NIC the VM lacks), record
// each such misuse as a violation, and fail any chosen call with an
// injected fault. Scenarios then check the end state, not only the calls.
type Sim struct {
	mu sync.Mutex

	namespaces  map[string]*hcnmodel.Namespace
	endpointIDs map[string][]string // namespace ID -> endpoint IDs, HCN order
	endpoints   map[string]*hcnmodel.Endpoint

	vmNICs    map[string]netcore.NetworkAdapter // NIC ID -> adapter
	vmRemoved map[string]bool                   // NIC IDs hot-removed at least once
	// sourceNICs are the NICs a migration source attached: the guest
	// carries them over, the destination's VM does not hold them as its
	// devices, and a destination that imports them takes their guest side
	// only.
	sourceNICs   map[string]netcore.NetworkAdapter
	hotAddOrder  []string // endpoint IDs, in hot-add order
	vmGone       bool
	guestNICs    map[string]*guestNIC
	guestRemoved map[string]bool
	guestNS      map[string]bool
	guestGone    bool

	calls      []simCall
	violations []string
	// nicEndpoints remembers, for every NIC ID the VM or the guest was
	// given, the endpoint behind it.
	nicEndpoints map[string]string

	// lateCancelOK tolerates a call entered after its context was
	// cancelled, which a controller with calls in flight at once cannot
	// prevent; it still fails the call.
	lateCancelOK bool
	// maxInFlight is how many calls the controller may have in flight at
	// once (its Concurrency); zero means no bound. inFlight counts them.
	maxInFlight, inFlight, peakInFlight int
	// sharedVM says the VM and the guest are reached through transports to
	// one VM (the wire run): when the VM is gone, guest calls fail with
	// netcore.ErrVMUnavailable too, not only with the guest's own error.
	sharedVM bool

	fault    Fault
	armed    bool
	fired    bool
	sinceArm int
	cancel   context.CancelFunc
	// firedAt lists the call sites each fault of a chain fired at.
	firedAt []string

	// vanishOnRead holds endpoints that CNI deletes just as the controller
	// reads them: the read finds them gone.
	vanishOnRead map[string]bool

	guest *SimGuest
}

// guestNIC is the guest's view of one NIC.
type guestNIC struct {
	mac        string
	configured bool
}

// NewSim returns an empty world.
func NewSim() *Sim {
	s := &Sim{
		namespaces:   map[string]*hcnmodel.Namespace{},
		endpointIDs:  map[string][]string{},
		endpoints:    map[string]*hcnmodel.Endpoint{},
		vmNICs:       map[string]netcore.NetworkAdapter{},
		vmRemoved:    map[string]bool{},
		sourceNICs:   map[string]netcore.NetworkAdapter{},
		guestNICs:    map[string]*guestNIC{},
		guestRemoved: map[string]bool{},
		guestNS:      map[string]bool{},
		nicEndpoints: map[string]string{},
	}
	s.guest = &SimGuest{sim: s}
	return s
}

// addPod puts a fixture's namespace and endpoints into HCN.
func (s *Sim) addPod(f podFixture) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.namespaces[f.namespace.Id] = cloneNamespace(f.namespace)
	s.endpointIDs[f.namespace.Id] = f.endpointIDs()
	for _, ep := range f.endpoints {
		s.endpoints[ep.Id] = cloneEndpoint(ep)
	}
}

// VM returns the simulated VM network manager.
func (s *Sim) VM() netcore.VMNetworkManager { return simVM{s} }

// Host returns the simulated HCN.
func (s *Sim) Host() netcore.HostNetwork { return simHost{s} }

// Guest returns the simulated guest, for [Binding.SimGuest].
func (s *Sim) Guest() *SimGuest { return s.guest }

// callKind says which manager a call goes to: it decides which faults
// apply and what "gone" means for it.
type callKind int

const (
	hostCall callKind = iota
	vmCall
	guestCall
)

// simCall is one call a manager received: its site ("vm.AddNIC") and
// what it was about (a NIC, endpoint or namespace ID).
type simCall struct {
	Site, Subject string
}

// key names the call uniquely within one operation: no operation makes
// the same call about the same thing twice, except to roll back.
func (c simCall) key() string { return c.Site + " " + c.Subject }

func (c simCall) String() string { return c.key() }

// sites returns the sites of calls, in order.
func sites(calls []simCall) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.Site
	}
	return out
}

// begin marks a call in flight until the returned func runs, and reports
// a controller that has more calls in flight than its Concurrency allows.
// It yields between the two, so that calls a controller makes at once
// really overlap here: the race detector and the order checks then see
// the interleavings a real VM and guest would produce.
func (s *Sim) begin(site string) func() {
	s.mu.Lock()
	s.inFlight++
	s.peakInFlight = max(s.peakInFlight, s.inFlight)
	if s.maxInFlight > 0 && s.inFlight > s.maxInFlight {
		s.violate("%s: %d calls in flight at once; the controller was given Concurrency %d", site, s.inFlight, s.maxInFlight)
	}
	s.mu.Unlock()
	runtime.Gosched()
	return func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}
}

// enter starts a call: it records it, applies the fault armed for it and
// the consequences of an earlier one (a gone VM or guest), and returns the
// error the call must fail with, or nil to go ahead. Callers hold s.mu.
func (s *Sim) enter(ctx context.Context, kind callKind, site, subject string) error {
	if err := ctx.Err(); err != nil {
		if !s.lateCancelOK {
			s.violate("%s %s called after its context was cancelled", site, subject)
		}
		return err
	}
	call := simCall{Site: site, Subject: subject}
	s.calls = append(s.calls, call)
	idx := s.sinceArm
	s.sinceArm++
	hit := idx == s.fault.At
	if s.fault.Call != "" {
		hit = call.key() == s.fault.Call
	}
	if s.armed && !s.fired && hit {
		f := s.fault
		s.fired = true
		s.fault.Site = site
		s.firedAt = append(s.firedAt, site)
		if f.then != nil {
			// The next fault of the chain counts calls from here on.
			s.fault, s.fired, s.sinceArm = *f.then, false, 0
		}
		switch f.Kind {
		case FaultCancel:
			if f.Call != "" {
				// A keyed cancellation lands while the call is in flight:
				// the call sees its context cancelled and fails with it.
				s.cancel()
				return fmt.Errorf("sim: %s %s: %w", site, subject, ctx.Err())
			}
		case FaultError:
			return fmt.Errorf("sim: %s %s: %w", site, subject, errInjected)
		case FaultGuestGone:
			s.dropGuest()
		case FaultVMGone:
			s.dropVM()
		case FaultPanic:
			panic(InjectedPanic{Site: site, Subject: subject})
		}
	}
	switch {
	case kind == vmCall && s.vmGone:
		return fmt.Errorf("sim: %s: VM stopped: %w", site, netcore.ErrVMUnavailable)
	case kind == guestCall && s.vmGone && s.sharedVM:
		return fmt.Errorf("sim: %s: the guest's VM stopped: %w", site, netcore.ErrVMUnavailable)
	case kind == guestCall && s.guestGone:
		return fmt.Errorf("sim: %s: guest connection closed: %w", site, netcore.ErrGuestUnavailable)
	}
	return nil
}

// leave ends a call: an armed cancellation fires once the call before its
// target returns, so the target call is the first made on a dead context.
func (s *Sim) leave() {
	if s.armed && !s.fired && s.fault.Kind == FaultCancel && s.fault.Call == "" && s.sinceArm == s.fault.At {
		s.fired = true
		s.firedAt = append(s.firedAt, s.fault.Site)
		s.cancel()
	}
}

// dropGuest simulates the guest dying: everything it held is gone.
func (s *Sim) dropGuest() {
	s.guestGone = true
	clear(s.guestNICs)
	clear(s.guestNS)
}

// dropVM simulates the VM stopping: its NICs go, and the guest with it.
func (s *Sim) dropVM() {
	s.vmGone = true
	clear(s.vmNICs)
	s.dropGuest()
}

// violate records a misuse of the world. Callers hold s.mu.
func (s *Sim) violate(format string, args ...any) {
	s.violations = append(s.violations, fmt.Sprintf(format, args...))
}

// arm makes the fault happen at the f.At-th call (from 0) from now on, or,
// when f.Call is set, at the first call with that key. cancel cancels the
// context of the operation about to run; a cancellation at call 0 happens
// at once.

func (s *Sim) arm(f Fault, cancel context.CancelFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fault, s.armed, s.fired, s.sinceArm, s.cancel = f, true, false, 0, cancel
	s.firedAt = nil
	if f.Kind == FaultCancel && f.Call == "" && f.At == 0 {
		s.fired = true
		cancel()
	}
}

// disarm stops fault injection and reports whether the fault (every fault
// of a chain) fired, and at which call site the last one did.
func (s *Sim) disarm() (fired bool, site string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fired, site = s.fired, s.fault.Site
	s.armed = false
	return fired, site
}

// firedSites returns the call sites the faults of the last armed chain
// fired at, in order.
func (s *Sim) firedSites() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.firedAt)
}

// takeCalls returns the calls entered since the last take.
func (s *Sim) takeCalls() []simCall {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls
	s.calls = nil
	return c
}

// takeViolations returns the violations recorded since the last take.
func (s *Sim) takeViolations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.violations
	s.violations = nil
	return v
}

// attached describes what the VM and the guest still hold, or "" when
// they hold nothing.
func (s *Sim) attached() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var parts []string
	if len(s.vmNICs) > 0 {
		parts = append(parts, fmt.Sprintf("VM NICs %v", slices.Sorted(maps.Keys(s.vmNICs))))
	}
	if len(s.guestNICs) > 0 {
		parts = append(parts, fmt.Sprintf("guest NICs %v", slices.Sorted(maps.Keys(s.guestNICs))))
	}
	if len(s.guestNS) > 0 {
		parts = append(parts, fmt.Sprintf("guest namespaces %v", slices.Sorted(maps.Keys(s.guestNS))))
	}
	return strings.Join(parts, ", ")
}

// holdings counts what the VM and the guest hold.
func (s *Sim) holdings() (vmNICs, guestNICs, guestNamespaces int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.vmNICs), len(s.guestNICs), len(s.guestNS)
}

// hotAdded returns the endpoints of the NICs hot-added so far, in the
// order the VM received them.
func (s *Sim) hotAdded() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.hotAddOrder)
}

// simHost is the simulated HCN.
type simHost struct{ s *Sim }

func (h simHost) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	s := h.s
	defer s.begin("host.GetNamespaceByID")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, hostCall, "host.GetNamespaceByID", id); err != nil {
		return nil, err
	}
	ns, ok := s.namespaces[id]
	if !ok {
		return nil, fmt.Errorf("sim: namespace %s: %w", id, errdefs.ErrNotFound)
	}
	return cloneNamespace(ns), nil
}

func (h simHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	s := h.s
	defer s.begin("host.GetNamespaceEndpointIDs")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, hostCall, "host.GetNamespaceEndpointIDs", id); err != nil {
		return nil, err
	}
	if _, ok := s.namespaces[id]; !ok {
		return nil, fmt.Errorf("sim: namespace %s: %w", id, errdefs.ErrNotFound)
	}
	return slices.Clone(s.endpointIDs[id]), nil
}

func (h simHost) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	s := h.s
	defer s.begin("host.GetEndpointByID")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, hostCall, "host.GetEndpointByID", id); err != nil {
		return nil, err
	}
	if s.vanishOnRead[id] {
		delete(s.vanishOnRead, id)
		delete(s.endpoints, id)
		for ns, ids := range s.endpointIDs {
			s.endpointIDs[ns] = slices.DeleteFunc(ids, func(e string) bool { return e == id })
		}
	}
	ep, ok := s.endpoints[id]
	if !ok {
		return nil, fmt.Errorf("sim: endpoint %s: %w", id, errdefs.ErrNotFound)
	}
	return cloneEndpoint(ep), nil
}

// simVM is the simulated VM network manager.
type simVM struct{ s *Sim }

func (v simVM) AddNIC(ctx context.Context, nicID string, adapter *netcore.NetworkAdapter) error {
	s := v.s
	defer s.begin("vm.AddNIC")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, vmCall, "vm.AddNIC", nicID); err != nil {
		return err
	}
	if adapter == nil {
		s.violate("vm.AddNIC %s: nil adapter", nicID)
		return fmt.Errorf("sim: vm.AddNIC %s: nil adapter: %w", nicID, errdefs.ErrInvalidArgument)
	}
	if _, dup := s.vmNICs[nicID]; dup {
		s.violate("vm.AddNIC %s: NIC already attached to the VM", nicID)
		return fmt.Errorf("sim: vm.AddNIC %s: %w", nicID, errdefs.ErrAlreadyExists)
	}
	ep, ok := s.endpoints[adapter.EndpointId]
	if !ok {
		s.violate("vm.AddNIC %s: endpoint %s not in HCN", nicID, adapter.EndpointId)
		return fmt.Errorf("sim: vm.AddNIC %s: endpoint %s: %w", nicID, adapter.EndpointId, errdefs.ErrNotFound)
	}
	if adapter.MacAddress != ep.MacAddress {
		s.violate("vm.AddNIC %s: MAC %q, but endpoint %s has %q", nicID, adapter.MacAddress, ep.Id, ep.MacAddress)
	}
	for id, a := range s.vmNICs {
		if a.EndpointId == adapter.EndpointId {
			s.violate("vm.AddNIC %s: endpoint %s already attached as NIC %s", nicID, adapter.EndpointId, id)
		}
		if strings.EqualFold(a.MacAddress, adapter.MacAddress) {
			// Two NICs with one MAC break the guest's addressing: the VM
			// refuses the second.
			s.violate("vm.AddNIC %s: MAC %s already on the VM as NIC %s (endpoint %s): no two NICs with one MAC, ever", nicID, adapter.MacAddress, id, a.EndpointId)
			return fmt.Errorf("sim: vm.AddNIC %s: MAC %s in use by NIC %s: %w", nicID, adapter.MacAddress, id, errdefs.ErrAlreadyExists)
		}
	}
	s.vmNICs[nicID] = *adapter
	s.nicEndpoints[nicID] = adapter.EndpointId
	s.hotAddOrder = append(s.hotAddOrder, adapter.EndpointId)
	return nil
}

func (v simVM) RemoveNIC(ctx context.Context, nicID string, adapter *netcore.NetworkAdapter) error {
	s := v.s
	defer s.begin("vm.RemoveNIC")()
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.leave()
	if err := s.enter(ctx, vmCall, "vm.RemoveNIC", nicID); err != nil {
		return err
	}
	attached, ok := s.vmNICs[nicID]
	switch {
	case s.sourceNICs[nicID] != (netcore.NetworkAdapter{}):
		s.violate("vm.RemoveNIC %s: hot-removed a NIC the migration source attached: it is not this VM's to remove", nicID)
		return fmt.Errorf("sim: vm.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
	case !ok && s.vmRemoved[nicID]:
		s.violate("vm.RemoveNIC %s: NIC removed twice", nicID)
		return fmt.Errorf("sim: vm.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
	case !ok:
		s.violate("vm.RemoveNIC %s: NIC removed without having been added", nicID)
		return fmt.Errorf("sim: vm.RemoveNIC %s: %w", nicID, errdefs.ErrNotFound)
	}
	if adapter == nil || *adapter != attached {
		s.violate("vm.RemoveNIC %s: adapter %+v, but the NIC was added as %+v", nicID, adapter, attached)
	}
	if g, held := s.guestNICs[nicID]; held {
		s.violate("vm.RemoveNIC %s: hot-removed while the guest still holds it (configured=%v): the guest must let go first", nicID, g.configured)
	}
	delete(s.vmNICs, nicID)
	s.vmRemoved[nicID] = true
	return nil
}

// capabilityAnswer is a capabilities provider with a fixed answer.
type capabilityAnswer bool

func (c capabilityAnswer) IsNamespaceAddRequestSupported() bool { return bool(c) }

// errSimRejected classes a guest request the simulated guest refused as
// malformed.
var errSimRejected = errors.New("sim: guest request rejected")

// addEndpoints puts more endpoints into a namespace already in HCN, as CNI
// does when a network is attached to a running pod.
func (s *Sim) addEndpoints(namespaceID string, endpoints ...*hcnmodel.Endpoint) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ep := range endpoints {
		s.endpoints[ep.Id] = cloneEndpoint(ep)
		s.endpointIDs[namespaceID] = append(s.endpointIDs[namespaceID], ep.Id)
	}
}

// addLooseEndpoint puts an endpoint into HCN that belongs to no namespace:
// its HostComputeNamespace is empty and no namespace lists it.
func (s *Sim) addLooseEndpoint(ep *hcnmodel.Endpoint) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ep = cloneEndpoint(ep)
	ep.HostComputeNamespace = ""
	s.endpoints[ep.Id] = ep
}

// vanishWhenRead makes CNI delete the endpoint just as the controller
// reads it, after the namespace listing named it.
func (s *Sim) vanishWhenRead(endpointID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vanishOnRead == nil {
		s.vanishOnRead = map[string]bool{}
	}
	s.vanishOnRead[endpointID] = true
}

// dropEndpoint takes an endpoint out of its namespace in HCN.
func (s *Sim) dropEndpoint(namespaceID, endpointID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.endpoints, endpointID)
	s.endpointIDs[namespaceID] = slices.DeleteFunc(s.endpointIDs[namespaceID], func(id string) bool { return id == endpointID })
}

// vmEndpoints returns the endpoint IDs the VM's NICs carry, sorted.
func (s *Sim) vmEndpoints() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, a := range s.vmNICs {
		ids = append(ids, a.EndpointId)
	}

	slices.Sort(ids)
	return ids
}

// endpointOf returns the endpoint behind a NIC ID the VM or the guest was
// given, or "".
func (s *Sim) endpointOf(nicID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nicEndpoints[nicID]
}

// gone reports whether the VM or the guest is gone.
func (s *Sim) gone() (vm, guest bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vmGone, s.guestGone
}

// mismatch describes the NICs that are on the VM but not configured in
// the guest, or in the guest but not on the VM, leaving out those behind
// the endpoints in except; "" when the two agree.
func (s *Sim) mismatch(except []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(s.vmNICs)) {
		if slices.Contains(except, s.nicEndpoints[id]) {
			continue
		}
		if g := s.guestNICs[id]; g == nil || !g.configured {
			parts = append(parts, fmt.Sprintf("NIC %s (endpoint %s) is on the VM but not configured in the guest", id, s.nicEndpoints[id]))
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.guestNICs)) {
		if _, on := s.vmNICs[id]; !on && !slices.Contains(except, s.nicEndpoints[id]) {
			parts = append(parts, fmt.Sprintf("NIC %s (endpoint %s) is in the guest but not on the VM", id, s.nicEndpoints[id]))
		}
	}
	return strings.Join(parts, "; ")
}

// nicOf returns the ID of the VM NIC carrying the endpoint, or "".
func (s *Sim) nicOf(endpointID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, a := range s.vmNICs {
		if a.EndpointId == endpointID {
			return id
		}
	}
	return ""
}

// vmNICIDs returns the IDs of the NICs on the VM, sorted.
func (s *Sim) vmNICIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.vmNICs))
}

// guestNICIDs returns the IDs of the NICs the guest holds, sorted.
func (s *Sim) guestNICIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.guestNICs))
}

// handOverVM completes a migration of the VM: its NICs were the source
// host's devices, bound to the source's endpoints; the guest keeps them,
// the destination's VM does not, and the destination may remove their
// guest side only.
func (s *Sim) handOverVM() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, a := range s.vmNICs {
		s.sourceNICs[id] = a
		delete(s.vmNICs, id)
	}
}
