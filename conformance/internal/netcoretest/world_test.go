package netcoretest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// world is netcore's view of the shared simulated world (simworld): the
// host, VM and guest managers over it, with the guest taking the LCOW or
// the WCOW steps, and the tests' vocabulary on top: each call as one line
// ("vm.AddNIC <nic> <endpoint> <mac>"), failures injected by line prefix,
// and end-state checks. The platform's rules live in simworld, not here.
type world struct {
	sim *simworld.World

	mu       sync.Mutex
	failures map[string]error // call line prefix -> error, used once
	sticky   map[string]error // call line prefix -> error, every time
	// onCall sees each call line once it is recorded, under the world's
	// lock: it may panic or cancel a context, but not call the world.
	onCall func(line string)

	// endpointCount numbers the endpoints addNamespace makes.
	endpointCount int

	// concurrency is the Tuning.Concurrency of controllers built over w.
	concurrency int
}

// platformKind says which guest steps the fake platform takes.
type platformKind int

const (
	lcowLike platformKind = iota // VM add, then guest configure when supported
	wcowLike                     // guest namespace; pre-add, VM add, add
)

func (k platformKind) String() string { return [...]string{"lcow", "wcow"}[k] }

func newWorld(*testing.T) *world {
	w := &world{failures: map[string]error{}, sticky: map[string]error{}}
	w.sim = simworld.New(simworld.Options{
		VMUnavailable:    netcore.ErrVMUnavailable,
		GuestUnavailable: netcore.ErrGuestUnavailable,
		Intercept:        lineFaults{w},
	})
	return w
}

const (
	testNS  = "11111111-1111-4111-8111-111111111111"
	testNS2 = "22222222-2222-4222-8222-222222222222"
)

// epID returns the GUID of test endpoint i.
func epID(i int) string { return fmt.Sprintf("eeeeeeee-0000-4000-8000-%012d", i) }

// namespaceDoc is the HCN document of a test namespace.
func namespaceDoc(nsID string) *hcnmodel.Namespace {
	return &hcnmodel.Namespace{Id: nsID, Type: hcnmodel.NamespaceTypeGuest}
}

// addNamespace puts a namespace with the named endpoints into HCN, listed
// after any it already has. Endpoints are numbered across the world, so
// every one has its own ID, MAC and address. A test that changes a
// returned endpoint changes HCN's.
func (w *world) addNamespace(nsID string, names ...string) []*hcnmodel.Endpoint {
	w.mu.Lock()
	base := w.endpointCount
	w.endpointCount += len(names)
	w.mu.Unlock()
	w.sim.PutNamespace(namespaceDoc(nsID))
	var eps []*hcnmodel.Endpoint
	for i, name := range names {
		n := base + i + 1
		eps = append(eps, &hcnmodel.Endpoint{
			Id:                   epID(n),
			Name:                 name,
			HostComputeNamespace: nsID,
			MacAddress:           fmt.Sprintf("00-15-5D-00-%02X-%02X", byte(n>>8), byte(n)),
			IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.%d.%d", byte(n>>8), byte(n)), PrefixLength: 24}},
		})
	}
	w.sim.PutEndpoints(nsID, eps...)
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

// lineFaults injects the failures a test asked for by call line prefix.
type lineFaults struct{ w *world }

func (f lineFaults) Enter(_ context.Context, c simworld.Call) simworld.Verdict {
	w, line := f.w, c.Line()
	w.mu.Lock()
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
	return simworld.Verdict{Err: err}
}

func (lineFaults) Leave(simworld.Call) {}

// takeCalls returns the lines of the calls made since the last take.
func (w *world) takeCalls() []string {
	var lines []string
	for _, c := range w.sim.TakeCalls() {
		lines = append(lines, c.Line())
	}
	return lines
}

// assertClean fails the test if anything is still attached or any
// invariant was broken.
func (w *world) assertClean(t *testing.T) {
	t.Helper()
	assert.Empty(t, w.sim.Attached(), "still attached")
	w.assertNoViolations(t)
}

func (w *world) assertNoViolations(t *testing.T) {
	t.Helper()
	assert.Empty(t, w.sim.Violations(), "invariants broken")
}

// vmNICs returns the NICs on the VM: NIC ID -> endpoint ID.
func (w *world) vmNICs() map[string]string {
	out := map[string]string{}
	for id, a := range w.sim.VMNICs() {
		out[id] = a.EndpointID
	}
	return out
}

// guestNICs returns the NICs in the guest: NIC ID -> "prepared" or
// "configured".
func (w *world) guestNICs() map[string]string {
	out := map[string]string{}
	for id, n := range w.sim.GuestNICs() {
		out[id] = map[bool]string{false: "prepared", true: "configured"}[n.Configured]
	}
	return out
}

// guestNS returns the namespaces in the guest.
func (w *world) guestNS() map[string]bool {
	out := map[string]bool{}
	for _, id := range w.sim.GuestNamespaces() {
		out[id] = true
	}
	return out
}

// seedGuestNIC puts a configured NIC in the guest, as a migration source
// leaves it.
func (w *world) seedGuestNIC(nicID string) {
	w.sim.SeedGuestNIC(nicID, simworld.GuestNIC{Configured: true})
}

// Host side: simworld's HCN is netcore's HostNetwork as it stands.

type worldHost struct{ w *world }

func (h worldHost) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	return h.w.sim.GetNamespaceByID(ctx, id)
}

func (h worldHost) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	return h.w.sim.GetNamespaceEndpointIDs(ctx, id)
}

func (h worldHost) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	return h.w.sim.GetEndpointByID(ctx, id)
}

// VM side.

type worldVM struct{ w *world }

func (v worldVM) AddNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	return v.w.sim.AddNIC(ctx, nicID, simworld.Adapter{EndpointID: a.EndpointId, MAC: a.MacAddress})
}

func (v worldVM) RemoveNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	return v.w.sim.RemoveNIC(ctx, nicID, simworld.Adapter{EndpointID: a.EndpointId, MAC: a.MacAddress})
}

// Guest side: a platform that takes the LCOW or the WCOW steps. LCOW
// sends no namespace and no pre-add, and configures a NIC by its MAC only
// when the guest supports namespace requests; WCOW pre-adds every NIC with
// its endpoint and adds it without.

type worldGuest struct {
	w    *world
	kind platformKind
}

func (g worldGuest) UsesGuestNamespace(pod netcore.PodNetwork) bool {
	return g.kind == wcowLike && pod.GuestNamespaceSupported
}

func (g worldGuest) AddNamespace(ctx context.Context, _ netcore.PodNetwork, ns *hcnmodel.Namespace) error {
	return g.w.sim.Guest().AddNamespace(ctx, ns)
}

func (g worldGuest) RemoveNamespace(ctx context.Context, _ netcore.PodNetwork, ns *hcnmodel.Namespace) error {
	return g.w.sim.Guest().RemoveNamespace(ctx, ns)
}

func (g worldGuest) PreparesNIC(netcore.PodNetwork) bool { return g.kind == wcowLike }

func (g worldGuest) PrepareNIC(ctx context.Context, _ netcore.PodNetwork, n netcore.NICInfo) error {
	return g.w.sim.Guest().PrepareNIC(ctx, n.ID, n.Endpoint)
}

func (g worldGuest) ConfigureNIC(ctx context.Context, pod netcore.PodNetwork, n netcore.NICInfo) error {
	switch {
	case g.kind == wcowLike:
		return g.w.sim.Guest().ConfigureNIC(ctx, n.ID, "")
	case pod.GuestNamespaceSupported:
		return g.w.sim.Guest().ConfigureNIC(ctx, n.ID, n.Endpoint.MacAddress)
	}
	return nil
}

func (g worldGuest) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, n netcore.NICInfo) error {
	if g.kind == lcowLike && !pod.GuestNamespaceSupported {
		return nil
	}
	return g.w.sim.Guest().RemoveNIC(ctx, n.ID)
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
	VM           netcore.VMNetworkManager
	Host         netcore.HostNetwork
	Guest        netcore.GuestSteps
	Capabilities netcore.CapabilitiesProvider
}

// config is a Config over m for the namespace nsID.
func (m testManagers) config(nsID string, t netcore.Tuning) netcore.Config {
	return netcore.Config{NamespaceID: nsID, VM: m.VM, Host: m.Host, Guest: m.Guest, Capabilities: m.Capabilities, Tuning: t}
}

// resume resumes c with m's managers.
func resume(ctx context.Context, c *netcore.Controller, m testManagers) error {
	return c.Resume(ctx, m.VM, m.Host, m.Guest)
}

func (w *world) managers(kind platformKind, supported bool) testManagers {
	// With calls in flight at once, one may pass its context check just
	// before a cancellation lands elsewhere: that is no misuse.
	opts := w.sim.Options()
	opts.LateCancelOK = w.concurrency > 1
	// More calls in flight than the controller's Concurrency is a misuse.
	opts.MaxInFlight = max(w.concurrency, 1)
	w.sim.SetOptions(opts)
	return testManagers{VM: worldVM{w}, Host: worldHost{w}, Guest: worldGuest{w, kind}, Capabilities: caps(supported)}
}

// newTestController builds a controller over w for namespace nsID.
func newTestController(t *testing.T, w *world, kind platformKind, supported bool) *netcore.Controller {
	t.Helper()
	c, err := netcore.New(w.managers(kind, supported).config(testNS, netcore.Tuning{NewNICID: nicIDs(), Concurrency: w.concurrency}))
	require.NoError(t, err, "New")
	return c
}

// dropEndpoint takes an endpoint out of its namespace in HCN.
func (w *world) dropEndpoint(nsID, epID string) { w.sim.DropEndpoint(nsID, epID) }

// attachedEndpoints returns the endpoint IDs attached to the VM, sorted.
func (w *world) attachedEndpoints() []string { return w.sim.VMEndpoints() }

// configuredN is a Configured LCOW controller over n endpoints, each with
// its own MAC and address however large n is.
func configuredN(t *testing.T, n int) (*world, *netcore.Controller) {
	t.Helper()
	w := newWorld(t)
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("net%d", i)
	}
	for i, ep := range w.addNamespace(testNS, names...) {
		ep.MacAddress = fmt.Sprintf("00-15-5D-00-%02X-%02X", (i+1)>>8, (i+1)&0xff)
		ep.IpConfigurations = []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.%d.%d", (i+1)>>8, (i+1)&0xff), PrefixLength: 16}}
	}
	c := newTestController(t, w, lcowLike, true)
	require.NoError(t, c.Setup(context.Background()))
	w.takeCalls()
	return w, c
}
