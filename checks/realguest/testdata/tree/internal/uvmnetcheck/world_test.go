package uvmnetcheck

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/Microsoft/hcsshim/internal/gcs"
	"github.com/Microsoft/hcsshim/internal/guest/runtime/hcsv2"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/nettest"
	"github.com/uvmnet/uvmnet/netlcow"
)

// guestRoute is how uvmnet's guest requests reach the agent.
type guestRoute struct {
	name string
	// manager builds the guest manager of the route.
	manager func(a *agent, vm *vmDouble) *netlcow.GuestManager
}

// guestRoutes are uvmnet's two ready guest routes: a current shim's guest
// connection (the real *gcs.GuestConnection, as it is), and the legacy
// route, where HCS forwards the request (the VM double hands it to the
// agent on the same connection).
var guestRoutes = []guestRoute{
	{"guest connection", func(a *agent, _ *vmDouble) *netlcow.GuestManager { return netlcow.NewGuestManager(a.gc) }},
	{"legacy", func(_ *agent, vm *vmDouble) *netlcow.GuestManager { return netlcow.NewLegacyGuestManager(vm) }},
}

// world is one pod's Utility VM: the agent, the VM double, the pod's
// sandbox, and uvmnet's controller over them.
type world struct {
	agent *agent
	vm    *vmDouble
	pod   pod
	sb    *sandbox
	host  *nettest.Host
	ctrl  *netcore.Controller
}

// newWorld starts an agent and builds uvmnet's controller for p over the
// route, with the agent's own capabilities.
func newWorld(t *testing.T, r guestRoute, p pod) *world {
	t.Helper()
	a := startAgent(t)
	vm := newVMDouble(a)
	host := nettest.NewHost()
	host.AddNamespace(p.namespace(), p.endpoints...)
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:        p.namespaceID(),
		PolicyBasedRouting: p.pbr,
		VM:                 hcsmodify.NewVMNetwork(vm),
		Host:               host,
		Guest:              netlcow.NewGuestSteps(r.manager(a, vm)),
		Capabilities:       gcs.GetLCOWCapabilities(a.gc.Capabilities()),
	})
	require.NoError(t, err)
	sb := newSandbox(t)
	vm.pod = sb
	t.Cleanup(func() { hcsv2.UvmnetForget(p.namespaceID()) })
	return &world{agent: a, vm: vm, pod: p, sb: sb, host: host, ctrl: ctrl}
}

// held is what the agent holds for the pod's namespace.
func (w *world) held() []string {
	ids, _ := hcsv2.UvmnetHeldAdapters(w.pod.namespaceID())
	return ids
}
