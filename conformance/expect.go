package conformance

import (
	"fmt"
	"sync"

	"github.com/Microsoft/go-winio/pkg/guid"
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance/mocks/coremock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// mockWorld is one set of gomock managers: a VM, an HCN, a capabilities
// provider and the platform's guest, all on one gomock controller that
// reports into the scenario.
type mockWorld struct {
	p     Platform
	ctrl  *gomock.Controller
	vm    *coremock.MockVMNetworkManager
	host  *coremock.MockHostNetwork
	caps  *coremock.MockCapabilitiesProvider
	guest GuestManager
}

func newMockWorld(ctrl *gomock.Controller, p Platform) *mockWorld {
	return &mockWorld{
		p:     p,
		ctrl:  ctrl,
		vm:    coremock.NewMockVMNetworkManager(ctrl),
		host:  coremock.NewMockHostNetwork(ctrl),
		caps:  coremock.NewMockCapabilitiesProvider(ctrl),
		guest: p.NewMockGuest(ctrl),
	}
}

// sequence collects expected calls in the order they must happen.
//
// Strict (the default), it orders every call after the one before, which
// is what a controller with Concurrency 1 promises. Relaxed, it keeps only
// the orders a controller with a higher Concurrency still promises: the
// phases of an operation follow each other (every call of a phase after
// every call of the one before), and inside a phase only the chains the
// helpers declare (one NIC's steps; one attach step across the NICs, in
// endpoint order) are ordered.
type sequence struct {
	calls   []any
	relaxed bool
	phases  [][]any
	chains  map[string][]any
}

func (q *sequence) add(calls ...any) {
	q.calls = append(q.calls, calls...)
	if len(q.phases) == 0 {
		q.phases = [][]any{nil}
	}
	last := len(q.phases) - 1
	q.phases[last] = append(q.phases[last], calls...)
}

// phase starts a new phase: what is added next comes after everything
// added so far.
func (q *sequence) phase() {
	if len(q.phases) == 0 || len(q.phases[len(q.phases)-1]) > 0 {
		q.phases = append(q.phases, nil)
	}
}

// since returns the calls added after the first mark calls.
func (q *sequence) since(mark int) []any { return q.calls[mark:] }

// chain appends calls, in order, to the chain named key.
func (q *sequence) chain(key string, calls ...any) {
	if q.chains == nil {
		q.chains = map[string][]any{}
	}
	q.chains[key] = append(q.chains[key], calls...)
}

// enforce applies the collected order to the expectations.
func (q *sequence) enforce() {
	if !q.relaxed {
		gomock.InOrder(q.calls...)
		return
	}
	for i := 1; i < len(q.phases); i++ {
		for _, c := range q.phases[i] {
			for _, prev := range q.phases[i-1] {
				gomock.InOrder(prev, c)
			}
		}
	}
	for _, calls := range q.chains {
		if len(calls) > 1 {
			gomock.InOrder(calls...)
		}
	}
}

// expectReads expects Setup's reads of f from HCN: the namespace, its
// endpoint IDs, then each endpoint in HCN order. Each read hands out a
// copy, so the controller cannot alter the fixture.
func (w *mockWorld) expectReads(q *sequence, f podFixture) {
	q.phase()
	q.add(w.host.EXPECT().GetNamespaceByID(gomock.Any(), f.namespace.Id).Return(cloneNamespace(f.namespace), nil))
	q.phase()
	q.add(w.host.EXPECT().GetNamespaceEndpointIDs(gomock.Any(), f.namespace.Id).Return(f.endpointIDs(), nil))
	q.phase()
	for _, ep := range f.endpoints {
		q.add(w.host.EXPECT().GetEndpointByID(gomock.Any(), ep.Id).Return(cloneEndpoint(ep), nil))
	}
	q.phase()
}

// expectGuest expects the platform's calls for one abstract guest step.
func (w *mockWorld) expectGuest(q *sequence, step GuestStep) {
	for _, c := range w.p.GuestCalls(step) {
		args := append([]any{gomock.Any()}, c.Args...)
		q.add(w.ctrl.RecordCall(w.guest, c.Method, args...))
	}
}

// expectAttach expects one NIC's attach: the guest's prepare, the host
// hot-add, the guest's configure.
// Under a relaxed sequence, the NIC's steps form one chain, and each step
// joins the chain of that step across NICs, which attach in order.
func (w *mockWorld) expectAttach(q *sequence, pod netcore.PodNetwork, id *nicSlot, ep *hcnmodel.Endpoint) {
	nic := fmt.Sprintf("nic %p", id)
	start := len(q.calls)
	w.expectGuestNIC(q, StepPrepareNIC, pod, id, ep)
	q.chain("step prepare", q.since(start)...)
	mark := len(q.calls)
	q.add(w.vm.EXPECT().AddNIC(gomock.Any(), id, &netcore.NetworkAdapter{EndpointId: ep.Id, MacAddress: ep.MacAddress}))
	q.chain("step hot-add", q.since(mark)...)
	mark = len(q.calls)
	w.expectGuestNIC(q, StepConfigureNIC, pod, id, ep)
	q.chain("step configure", q.since(mark)...)
	q.chain(nic, q.since(start)...)
}

// expectDetach expects one NIC's removal: guest first, then the host.
func (w *mockWorld) expectDetach(q *sequence, pod netcore.PodNetwork, id *nicSlot, ep *hcnmodel.Endpoint) {
	start := len(q.calls)
	w.expectGuestNIC(q, StepRemoveNIC, pod, id, ep)
	q.add(w.vm.EXPECT().RemoveNIC(gomock.Any(), id, &netcore.NetworkAdapter{EndpointId: ep.Id, MacAddress: ep.MacAddress}))
	q.chain(fmt.Sprintf("detach %p", id), q.since(start)...)
}

// expectGuestNIC expects a NIC step's guest calls. When the NIC's ID is
// not known in advance (a migration destination draws fresh ones), the
// calls are spelled with a placeholder: an argument that is the ID itself
// matches through the slot, and any other argument is rebuilt with the
// slot's ID when a call comes in.
func (w *mockWorld) expectGuestNIC(q *sequence, kind GuestStepKind, pod netcore.PodNetwork, id *nicSlot, ep *hcnmodel.Endpoint) {
	stepWith := func(nicID string) GuestStep {
		return GuestStep{Kind: kind, Pod: pod, NIC: netcore.NICInfo{ID: nicID, Endpoint: ep}}
	}
	if id.fixed {
		w.expectGuest(q, stepWith(id.id))
		return
	}
	const placeholder = "{nic-id-not-yet-drawn}"
	for j, c := range w.p.GuestCalls(stepWith(placeholder)) {
		args := []any{gomock.Any()}
		for i, a := range c.Args {
			switch a := a.(type) {
			case string:
				if a == placeholder {
					args = append(args, id)
					continue
				}
				args = append(args, a)
			case gomock.Matcher:
				args = append(args, a)
			default:
				args = append(args, &rebuiltArg{slot: id, desc: fmt.Sprintf("%+v", a), build: func() any {
					return w.p.GuestCalls(stepWith(id.get()))[j].Args[i]
				}})
			}
		}
		q.add(w.ctrl.RecordCall(w.guest, c.Method, args...))
	}
}

// nicSlot is a gomock matcher for one NIC's ID. A fixed slot matches the
// ID the suite's generator gave. An open slot is bound by the first call
// that carries a fresh GUID, once the slot before it is bound (so NICs
// bind in attach order), and matches only that ID afterwards.
type nicSlot struct {
	mu    sync.Mutex
	id    string
	fixed bool
	prev  *nicSlot
	taken map[string]bool // IDs no fresh NIC may reuse, shared by a world's slots
}

func fixedSlot(id string) *nicSlot { return &nicSlot{id: id, fixed: true} }

func (s *nicSlot) get() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.id
}

func (s *nicSlot) Matches(x any) bool {
	got, ok := x.(string)
	if !ok {
		return false
	}
	if id := s.get(); id != "" {
		return got == id
	}
	if s.prev != nil && s.prev.get() == "" {
		return false
	}
	if _, err := guid.FromString(got); err != nil || s.taken[got] {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.id = got
	s.taken[got] = true
	return true
}

func (s *nicSlot) String() string {
	if id := s.get(); id != "" {
		return fmt.Sprintf("NIC ID %q", id)
	}
	return "a fresh NIC ID (a GUID not used before)"
}

// rebuiltArg matches an argument that depends on a NIC ID only known once
// the NIC's first call came in.
type rebuiltArg struct {
	slot  *nicSlot
	desc  string
	build func() any
}

func (a *rebuiltArg) Matches(x any) bool {
	if a.slot.get() == "" {
		return false
	}
	return gomock.Eq(a.build()).Matches(x)
}

func (a *rebuiltArg) String() string {
	if a.slot.get() == "" {
		return a.desc + " (with the NIC's ID once drawn)"
	}
	return gomock.Eq(a.build()).String()
}
