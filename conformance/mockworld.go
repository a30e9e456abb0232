package conformance

import (
	"context"

	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/conformance/internal/mocks/coremock"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// mockWorld is one set of gomock managers: a VM, an HCN, a capabilities
// provider and the platform's guest, all on one gomock controller that
// reports into the scenario.
type mockWorld struct {
	b      binding
	ctrl   *gomock.Controller
	vm     *coremock.MockVMNetworkManager
	host   *coremock.MockHostNetwork
	caps   *coremock.MockCapabilitiesProvider
	guest  any
	expect ExpectGuestCall
	// ids ties the suite's NIC IDs to the controller's own, when it picks
	// them; nil when it takes the suite's.
	ids *nicBinder
}

func newMockWorld(ctrl *gomock.Controller, b binding) *mockWorld {
	guest, expect := b.MockGuest(ctrl)
	return &mockWorld{
		b:      b,
		ctrl:   ctrl,
		vm:     coremock.NewMockVMNetworkManager(ctrl),
		host:   coremock.NewMockHostNetwork(ctrl),
		caps:   coremock.NewMockCapabilitiesProvider(ctrl),
		guest:  guest,
		expect: expect,
	}
}

// managers are the world's managers, as a controller receives them.
func (w *mockWorld) managers() anyManagers {
	return anyManagers{VM: w.vm, Host: w.host, Guest: w.guest}
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

// allowReads lets the controller read f from HCN any number of times,
// in any order: reads the contract allows beyond those it needs.
func (w *mockWorld) allowReads(f podFixture) {
	w.host.EXPECT().GetNamespaceByID(gomock.Any(), f.namespace.Id).DoAndReturn(
		func(context.Context, string) (*hcnmodel.Namespace, error) { return cloneNamespace(f.namespace), nil }).AnyTimes()
	w.host.EXPECT().GetNamespaceEndpointIDs(gomock.Any(), f.namespace.Id).Return(f.endpointIDs(), nil).AnyTimes()
	for _, ep := range f.endpoints {
		w.host.EXPECT().GetEndpointByID(gomock.Any(), ep.Id).DoAndReturn(
			func(context.Context, string) (*hcnmodel.Endpoint, error) { return cloneEndpoint(ep), nil }).AnyTimes()
	}
}

// expectGuest expects the platform's calls for one abstract guest step.
func (w *mockWorld) expectGuest(q *sequence, step GuestStep) {
	for _, c := range w.b.GuestCalls(step) {
		c.Args = w.ids.args(c.Args...)
		q.add(w.expect(c))
	}
}

// expectAttach expects one NIC's attach: the guest's prepare, the host
// hot-add, the guest's configure.
// Under a relaxed sequence, the NIC's steps form one chain, and each step
// joins the chain of that step across NICs, which attach in order.
func (w *mockWorld) expectAttach(q *sequence, pod netcore.PodNetwork, id string, ep *hcnmodel.Endpoint) {
	start := len(q.calls)
	w.expectGuestNIC(q, StepPrepareNIC, pod, id, ep)
	q.chain("step prepare", q.since(start)...)
	mark := len(q.calls)
	q.add(w.vmNIC("AddNIC", id, &netcore.NetworkAdapter{EndpointId: ep.Id, MacAddress: ep.MacAddress}))
	q.chain("step hot-add", q.since(mark)...)
	mark = len(q.calls)
	w.expectGuestNIC(q, StepConfigureNIC, pod, id, ep)
	q.chain("step configure", q.since(mark)...)
	q.chain("nic "+id, q.since(start)...)
}

// expectDetach expects one NIC's removal: guest first, then the host.
func (w *mockWorld) expectDetach(q *sequence, pod netcore.PodNetwork, id string, ep *hcnmodel.Endpoint) {
	start := len(q.calls)
	w.expectGuestNIC(q, StepRemoveNIC, pod, id, ep)
	q.add(w.vmNIC("RemoveNIC", id, &netcore.NetworkAdapter{EndpointId: ep.Id, MacAddress: ep.MacAddress}))
	q.chain("detach "+id, q.since(start)...)
}

// vmNIC expects one VM call, AddNIC or RemoveNIC, of NIC id with adapter.
func (w *mockWorld) vmNIC(method, id string, adapter *netcore.NetworkAdapter) *gomock.Call {
	return w.ctrl.RecordCall(w.vm, method, append([]any{gomock.Any()}, w.ids.args(id, adapter)...)...)
}

// expectGuestNIC expects a NIC step's guest calls.
func (w *mockWorld) expectGuestNIC(q *sequence, kind GuestStepKind, pod netcore.PodNetwork, id string, ep *hcnmodel.Endpoint) {
	w.expectGuest(q, GuestStep{Kind: kind, Pod: pod, NIC: netcore.NICInfo{ID: id, Endpoint: ep}})
}
