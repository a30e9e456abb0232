package netcore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// world is an in-memory host, VM and guest for the controller's unit tests.
// It records every call as one line, can fail any call, and keeps the end
// state so tests check what is left, not only what was called. It flags a
// removal of something that is not there, or an add of something that is.
type world struct {
	t *testing.T

	mu         sync.Mutex
	calls      []string
	failures   map[string]error // call line prefix -> error, used once
	sticky     map[string]error // call line prefix -> error, every time
	onCall     func(line string)
	namespaces map[string]*hcnmodel.Namespace
	endpoints  map[string]*hcnmodel.Endpoint
	order      map[string][]string // namespace -> endpoint IDs in HCN order
	vmNICs     map[string]string   // nic ID -> endpoint ID
	guestNICs  map[string]string   // nic ID -> "prepared" | "configured"
	guestNS    map[string]bool
	violations []string

	// concurrency is the Tuning.Concurrency of controllers built over w.
	concurrency int
}

// platformKind says which guest steps the fake platform takes.
type platformKind int

const (
	lcowLike platformKind = iota // host add, then guest configure when supported
	wcowLike                     // guest namespace; pre-add, host add, add
)

func (k platformKind) String() string { return [...]string{"lcow", "wcow"}[k] }

func newWorld(t *testing.T) *world {
	return &world{
		t:          t,
		failures:   map[string]error{},
		sticky:     map[string]error{},
		namespaces: map[string]*hcnmodel.Namespace{},
		endpoints:  map[string]*hcnmodel.Endpoint{},
		order:      map[string][]string{},
		vmNICs:     map[string]string{},
		guestNICs:  map[string]string{},
		guestNS:    map[string]bool{},
	}
}

const (
	testNS  = "11111111-1111-4111-8111-111111111111"
	testNS2 = "22222222-2222-4222-8222-222222222222"
)

// epID returns the GUID of test endpoint i.
func epID(i int) string { return fmt.Sprintf("eeeeeeee-0000-4000-8000-%012d", i) }

// addNamespace puts a namespace with the named endpoints into HCN, in the
// given order. Endpoint i gets the i-th name.
func (w *world) addNamespace(nsID string, names ...string) []*hcnmodel.Endpoint {
	w.namespaces[nsID] = &hcnmodel.Namespace{Id: nsID, Type: hcnmodel.NamespaceTypeGuest}
	base := len(w.endpoints)
	var eps []*hcnmodel.Endpoint
	for i, name := range names {
		n := base + i + 1
		ep := &hcnmodel.Endpoint{
			Id:                   epID(n),
			Name:                 name,
			HostComputeNamespace: nsID,
			MacAddress:           fmt.Sprintf("00-15-5D-00-00-%02X", n),
			IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.0.%d", n), PrefixLength: 24}},
		}
		w.endpoints[ep.Id] = ep
		w.order[nsID] = append(w.order[nsID], ep.Id)
		eps = append(eps, ep)
	}
	return eps
}

// failOnce makes the next call whose line starts with prefix fail with err.
func (w *world) failOnce(prefix string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.failures[prefix] = err
}

// failAlways makes every call whose line starts with prefix fail with err.
func (w *world) failAlways(prefix string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sticky[prefix] = err
}

// record logs a call and returns the error injected for it, if any.
func (w *world) record(format string, args ...any) error {
	line := fmt.Sprintf(format, args...)
	w.mu.Lock()
	w.calls = append(w.calls, line)
	hook := w.onCall
	var err error
	for p, e := range w.failures {
		if strings.HasPrefix(line, p) {
			delete(w.failures, p)
			err = e
			break
		}
	}
	if err == nil {
		for p, e := range w.sticky {
			if strings.HasPrefix(line, p) {
				err = e
				break
			}
		}
	}
	w.mu.Unlock()
	if hook != nil {
		hook(line)
	}
	return err
}

// violate records a broken invariant. Callers hold w.mu.
func (w *world) violate(format string, args ...any) {
	w.violations = append(w.violations, fmt.Sprintf(format, args...))
}

// apply runs a change of the simulated state under the world's lock, so
// concurrent controllers' calls see a consistent world.
func (w *world) apply(f func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f()
}

func (w *world) takeCalls() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	c := w.calls
	w.calls = nil
	return c
}

// assertClean fails the test if anything is still attached or any
// invariant was broken.
func (w *world) assertClean(t *testing.T) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.vmNICs) != 0 {
		t.Errorf("NICs left on the VM: %v", w.vmNICs)
	}
	if len(w.guestNICs) != 0 {
		t.Errorf("NICs left in the guest: %v", w.guestNICs)
	}
	for ns, in := range w.guestNS {
		if in {
			t.Errorf("namespace %s left in the guest", ns)
		}
	}
	w.assertNoViolations(t)
}

func (w *world) assertNoViolations(t *testing.T) {
	t.Helper()
	for _, v := range w.violations {
		t.Errorf("invariant broken: %s", v)
	}
}

// Host side.

type worldHost struct{ w *world }

func (h worldHost) GetNamespaceByID(_ context.Context, id string) (*hcnmodel.Namespace, error) {
	if err := h.w.record("host.GetNamespace %s", id); err != nil {
		return nil, err
	}
	h.w.mu.Lock()
	defer h.w.mu.Unlock()
	ns, ok := h.w.namespaces[id]
	if !ok {
		return nil, fmt.Errorf("namespace %s: %w", id, errdefs.ErrNotFound)
	}
	cp := *ns
	return &cp, nil
}

func (h worldHost) GetNamespaceEndpointIDs(_ context.Context, id string) ([]string, error) {
	if err := h.w.record("host.ListEndpoints %s", id); err != nil {
		return nil, err
	}
	h.w.mu.Lock()
	defer h.w.mu.Unlock()
	return append([]string(nil), h.w.order[id]...), nil
}

func (h worldHost) GetEndpointByID(_ context.Context, id string) (*hcnmodel.Endpoint, error) {
	if err := h.w.record("host.GetEndpoint %s", id); err != nil {
		return nil, err
	}
	h.w.mu.Lock()
	defer h.w.mu.Unlock()
	ep, ok := h.w.endpoints[id]
	if !ok {
		return nil, fmt.Errorf("endpoint %s: %w", id, errdefs.ErrNotFound)
	}
	cp := *ep
	return &cp, nil
}

// VM side.

type worldVM struct{ w *world }

func (v worldVM) AddNIC(_ context.Context, nicID string, a *NetworkAdapter) error {
	if err := v.w.record("vm.AddNIC %s %s %s", nicID, a.EndpointId, a.MacAddress); err != nil {
		return err
	}
	v.w.apply(func() {
		if _, ok := v.w.vmNICs[nicID]; ok {
			v.w.violate("NIC %s hot-added twice", nicID)
		}
		v.w.vmNICs[nicID] = a.EndpointId
	})
	return nil
}

func (v worldVM) RemoveNIC(_ context.Context, nicID string, a *NetworkAdapter) error {
	if err := v.w.record("vm.RemoveNIC %s %s", nicID, a.EndpointId); err != nil {
		return err
	}
	v.w.apply(func() {
		if _, ok := v.w.vmNICs[nicID]; !ok {
			v.w.violate("NIC %s hot-removed but not attached", nicID)
		}
		delete(v.w.vmNICs, nicID)
	})
	return nil
}

// Guest side: a platform that takes the LCOW or the WCOW steps.

type worldGuest struct {
	w    *world
	kind platformKind
}

func (g worldGuest) UsesGuestNamespace(pod PodNetwork) bool {
	return g.kind == wcowLike && pod.GuestNamespaceSupported
}

func (g worldGuest) AddNamespace(_ context.Context, _ PodNetwork, ns *hcnmodel.Namespace) error {
	if err := g.w.record("guest.AddNamespace %s", ns.Id); err != nil {
		return err
	}
	g.w.apply(func() {
		g.w.guestNS[ns.Id] = true
	})
	return nil
}

func (g worldGuest) RemoveNamespace(_ context.Context, _ PodNetwork, ns *hcnmodel.Namespace) error {
	if err := g.w.record("guest.RemoveNamespace %s", ns.Id); err != nil {
		return err
	}
	g.w.apply(func() {
		if !g.w.guestNS[ns.Id] {
			g.w.violate("namespace %s removed from guest but not there", ns.Id)
		}
		delete(g.w.guestNS, ns.Id)
	})
	return nil
}

func (g worldGuest) PreparesNIC(PodNetwork) bool { return g.kind == wcowLike }

func (g worldGuest) PrepareNIC(_ context.Context, _ PodNetwork, n NICInfo) error {
	if err := g.w.record("guest.PrepareNIC %s %s", n.ID, n.Endpoint.Id); err != nil {
		return err
	}
	g.w.apply(func() {
		g.w.guestNICs[n.ID] = "prepared"
	})
	return nil
}

func (g worldGuest) ConfigureNIC(_ context.Context, pod PodNetwork, n NICInfo) error {
	if g.kind == lcowLike && !pod.GuestNamespaceSupported {
		return nil
	}
	if err := g.w.record("guest.ConfigureNIC %s %s", n.ID, n.Endpoint.Id); err != nil {
		return err
	}
	g.w.apply(func() {
		if _, ok := g.w.vmNICs[n.ID]; !ok {
			g.w.violate("NIC %s configured in guest before hot-add", n.ID)
		}
		g.w.guestNICs[n.ID] = "configured"
	})
	return nil
}

func (g worldGuest) RemoveNIC(_ context.Context, pod PodNetwork, n NICInfo) error {
	if g.kind == lcowLike && !pod.GuestNamespaceSupported {
		return nil
	}
	if err := g.w.record("guest.RemoveNIC %s", n.ID); err != nil {
		return err
	}
	g.w.apply(func() {
		if _, ok := g.w.guestNICs[n.ID]; !ok {
			g.w.violate("NIC %s removed from guest but not there", n.ID)
		}
		delete(g.w.guestNICs, n.ID)
	})
	return nil
}

type caps bool

func (c caps) IsNamespaceAddRequestSupported() bool { return bool(c) }

// nicIDs returns a generator of predictable NIC IDs.
func nicIDs() func() (string, error) {
	var mu sync.Mutex
	n := 0
	return func() (string, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		return fmt.Sprintf("aaaaaaaa-0000-4000-8000-%012d", n), nil
	}
}

func nicID(i int) string { return fmt.Sprintf("aaaaaaaa-0000-4000-8000-%012d", i) }

// testManagers are the collaborators a test hands to New or Resume.
type testManagers struct {
	VM           VMNetworkManager
	Host         HostNetwork
	Guest        GuestSteps
	Capabilities CapabilitiesProvider
}

// config is a Config over m for the namespace nsID.
func (m testManagers) config(nsID string, t Tuning) Config {
	return Config{NamespaceID: nsID, VM: m.VM, Host: m.Host, Guest: m.Guest, Capabilities: m.Capabilities, Tuning: t}
}

// resume resumes c with m's managers.
func resume(ctx context.Context, c *Controller, m testManagers) error {
	return c.Resume(ctx, m.VM, m.Host, m.Guest)
}

func (w *world) managers(kind platformKind, supported bool) testManagers {
	return testManagers{VM: worldVM{w}, Host: worldHost{w}, Guest: worldGuest{w, kind}, Capabilities: caps(supported)}
}

// newTestController builds a controller over w for namespace nsID.
func newTestController(t *testing.T, w *world, kind platformKind, supported bool) *Controller {
	t.Helper()
	c, err := New(w.managers(kind, supported).config(testNS, Tuning{NewNICID: nicIDs(), Concurrency: w.concurrency}))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// dropEndpoint takes an endpoint out of its namespace in HCN.
func (w *world) dropEndpoint(nsID, epID string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.order[nsID] = slices.DeleteFunc(w.order[nsID], func(id string) bool { return id == epID })
	delete(w.endpoints, epID)
}

// attachedEndpoints returns the endpoint IDs attached to the VM, sorted.
func (w *world) attachedEndpoints() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var eps []string
	for _, ep := range w.vmNICs {
		eps = append(eps, ep)
	}
	slices.Sort(eps)
	return eps
}
