package conformance

import (
	"slices"

	"github.com/uvmnet/uvmnet/netcore"
)

// stateSetupTeardown checks end state: after Setup the VM holds every
// endpoint, eth0 hot-added first, and the guest holds what the platform
// configures; after Teardown nothing is left and nothing was misused.
func stateSetupTeardown(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	expectState(r, "after Setup", sp.ctrl, netcore.StateConfigured)
	vm, guest, ns := sp.sim.world.Holdings()
	perNIC, withNS := sp.guestHolds()
	wantGuest, wantNS := 0, 0
	if perNIC {
		wantGuest = m.endpoints
	}
	if withNS {
		wantNS = 1
	}
	if vm != m.endpoints || guest != wantGuest || ns != wantNS {
		r.Errorf("after Setup: VM holds %d NICs, guest %d NICs and %d namespaces; want %d, %d, %d",
			vm, guest, ns, m.endpoints, wantGuest, wantNS)
	}
	if perNIC {
		if bad := sp.sim.world.Mismatch(nil); bad != "" {
			r.Errorf("after Setup: %s", bad)
		}
	}
	// Whatever the concurrency, the VM receives the NICs in endpoint
	// order: eth0 (placed last in HCN order) first, then HCN's order.
	if got, want := sp.sim.world.HotAdded(), (podFixture{endpoints: sp.fixture.guestOrder()}).endpointIDs(); !slices.Equal(got, want) {
		r.Errorf("the VM hot-added endpoints %v in that order; want %v (eth0 first, then HCN order)", got, want)
	}
	sp.checkViolations(r, "during Setup")
	if err := sp.ctrl.Teardown(ctx); err != nil {
		r.Fatalf("Teardown: %v", err)
	}
	expectState(r, "after Teardown", sp.ctrl, netcore.StateTornDown)
	sp.checkClean(r, "after Teardown")
	sp.checkViolations(r, "during Teardown")
	// Each NIC was hot-added once and hot-removed once: a controller that
	// detached and re-attached a NIC on the way would leave the same end
	// state, but a VM that saw its NIC bounce.
	adds, removes := map[string]int{}, map[string]int{}
	for _, c := range sp.sim.world.TakeCalls() {
		switch c.Site {
		case "vm.AddNIC":
			adds[c.Subject]++
		case "vm.RemoveNIC":
			removes[c.Subject]++
		}
	}
	if len(adds) != m.endpoints {
		r.Errorf("Setup hot-added %d distinct NICs for %d endpoints", len(adds), m.endpoints)
	}
	for nic, n := range adds {
		if n != 1 || removes[nic] != 1 {
			r.Errorf("NIC %s (endpoint %s) was hot-added %d times and hot-removed %d times; want once each", nic, sp.sim.world.EndpointOf(nic), n, removes[nic])
		}
	}
}
