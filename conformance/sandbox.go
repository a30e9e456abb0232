package conformance

import (
	"slices"

	"github.com/uvmnet/uvmnet/netcore"
)

// The sandbox scenarios start the pod's sandbox in the simulated guest
// between Setup and later operations, as the guest agent does when the
// pod's sandbox container is created ([Platform.StartSandbox]). They run
// for platforms whose guest agent's behaviour once the sandbox runs is
// known: hcsshim v0.15.0's Linux agent (simworld's Guest.StartSandbox,
// proven against the real agent by uvmnet's checks/realguest).

// sandboxHotPlug: Setup, then the sandbox starts, which must succeed (the
// controller's documents make a pod the agent can start); then an endpoint
// joins and AddEndpoint attaches it. hcsshim's Linux agent refuses every
// NIC added once the sandbox runs (internal/guest/runtime/hcsv2/network.go,
// Sync moves every adapter again and fails on the first), and it records
// the adapter before it fails (AddAdapter then Sync). So the addition
// must fail, the controller stay Configured, and the pod be exactly as
// before: the VM carries the same NICs, and the agent holds the same
// adapters (a controller that does not make it forget the refused one
// leaves it held for the pod's life). Teardown then removes everything.
func sandboxHotPlug(m matrixPoint, r *reporter, b binding) {
	ctx := background()
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(ctx); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	if err := b.StartSandbox(ctx, sp.sim.Guest(), sp.pod.NamespaceID); err != nil {
		r.Fatalf("the pod's sandbox does not start after Setup (the guest agent cannot run the pod the controller set up): %v", err)
	}
	vmBefore := sp.sim.world.VMEndpoints()
	heldBefore, _ := sp.sim.world.LinuxAdapters(sp.pod.NamespaceID)

	hc := sp.newHotPlugCase(opAddEndpoint)
	if _, err := hc.run(ctx, sp.ctrl); err == nil {
		r.Errorf("AddEndpoint into the running pod succeeded; the Linux guest agent refuses every NIC added once the sandbox runs")
	}
	expectState(r, "after AddEndpoint into the running pod", sp.ctrl, netcore.StateConfigured)
	if got := sp.sim.world.VMEndpoints(); !slices.Equal(got, vmBefore) {
		r.Errorf("after the refused AddEndpoint the VM carries %v; want %v, as before", got, vmBefore)
	}
	if held, _ := sp.sim.world.LinuxAdapters(sp.pod.NamespaceID); !slices.Equal(held, heldBefore) {
		r.Errorf("after the refused AddEndpoint the guest agent holds adapters %v; want %v, as before: it recorded the refused NIC, and the controller must make it forget it", held, heldBefore)
	}
	if err := sp.ctrl.Teardown(ctx); err != nil {
		r.Errorf("Teardown: %v", err)
	}
	expectState(r, "after Teardown", sp.ctrl, netcore.StateTornDown)
	if vm, guest, _ := sp.sim.world.Holdings(); vm+guest != 0 {
		r.Errorf("after Teardown the VM holds %d NIC(s) and the guest %d", vm, guest)
	}
}
