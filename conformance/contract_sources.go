package conformance

import "strings"

// contractSources says, for every family of the Contract profile's
// scenarios, why the real system requires what it checks: where in
// hcsshim's source (v0.15.0) the rule comes from, or what the real Linux
// guest agent answers. A rule no source backs is an Extension; the
// release tests hold every Contract scenario to an entry here. Paths are
// hcsshim's; "controller" is internal/controller/network.
var contractSources = []struct{ prefix, source string }{
	{"contract/setup-teardown/", "the calls and their order per NIC: controller/network.go Setup (namespace read, endpoints read and sorted eth0 first, lines 105-145) and Teardown (lines 151-215); network_lcow.go (host hot-add then guest add, lines 43-78; guest removal then host hot-remove, lines 80-108); network_wcow.go (pre-add, hot-add, add, lines 75-118; guest removal, hot-remove, lines 120-146; namespace added first and removed last, lines 38-73)"},
	{"contract/migration/", "controller/save.go: Save from Configured freezes (lines 26-68), Import in DestinationMigrating (73-121), Patch only there (125-142), Resume (147-170), ResetAfterMigration drops the source NICs in the guest only and hot-adds the destination's under fresh IDs (175-222); network.go Teardown of a migrating controller removes nothing (lines 171-178)"},
	{"contract/hot-plug/", "a NIC hot-plugged while the pod runs takes the same per-NIC steps as Setup's and Teardown's (controller/network_lcow.go lines 43-108, network_wcow.go lines 75-146): the guest and the VM require them whichever operation makes them"},
	{"contract/lifecycle-rules", "controller/state.go's table and the refusals of network.go (Setup only from NotConfigured, line 92; Teardown a no-op from NotConfigured and TornDown, lines 159-169) and save.go (Save, Patch, Resume preconditions, lines 31, 130, 157)"},
	{"state/", "what the guest and the VM hold after each operation: the Linux agent records an adapter per add and forgets it at removal (internal/guest/runtime/hcsv2/network.go AddAdapter/RemoveAdapter); HCS holds a NIC per hot-add until its hot-remove; controller/network.go tracks each NIC from its hot-add (network_lcow.go line 57, network_wcow.go line 101) so Teardown removes it"},
	{"faults/", "a failed call leaves its NIC tracked and the controller Invalid for a retried Teardown (controller/network.go lines 96-103, 196-205); removals from a gone VM or guest count as done and adds do not (network_lcow.go lines 88 and 100, network_wcow.go lines 129 and 139; internal/vm/vmutils IsVMNotAvailableError; internal/gcs/bridge.go ErrBridgeClosed); a VM call on an ended context may still be applied (internal/vmcompute/vmcompute.go execute), a guest call is refused unsent (internal/gcs/bridge.go AsyncRPC's ctx.Err() check), an HCN read takes no context (hcn/hcnnamespace.go); a VM hot-remove repeated fails (HCS has no such NIC), a Linux guest removal repeated succeeds (hcsv2/network.go RemoveAdapter)"},
	{"reliability/panic/", "a panic is a failure the caller sees and Teardown must still undo what was attached: controller/network.go keeps every hot-added NIC tracked (network_lcow.go line 57, network_wcow.go line 101) so that Teardown, allowed from Invalid (state.go), removes it"},
	{"reliability/migration-destination/", "controller/save.go ResetAfterMigration removes the source NICs from the guest only, never hot-removes them (line 186 passes no endpoint; network_lcow.go line 96 skips the host side), and a destination's NICs are the ones the reset hot-added"},
	{"reliability/half-removed/", "a NIC whose guest side is gone and whose hot-remove failed is still on the VM (HCS holds it until hot-removed) and stays tracked (controller/network.go lines 188-193): it must be finished, not forgotten"},
	{"reliability/endpoint-vanishes-during-reconcile/", "HCN reads fail for an endpoint CNI deleted (hcn/hcnendpoint.go GetEndpointByID, EndpointNotFoundError); controller/network.go fails Setup on such a read (lines 228-232) rather than skipping the endpoint"},
	{"input/hostile/", "the Linux agent files an adapter under whatever namespace ID it is given and creates that namespace (internal/guest/runtime/hcsv2/network.go GetOrAddNetworkNamespace), so a call naming another pod's namespace changes that pod; what a controller attached must come off at Teardown whatever HCN answered (controller/network.go Teardown removes every tracked NIC, lines 180-194)"},
	{"input/valid-edges/", "hcsshim passes HCN's addresses, prefixes and MAC through untouched (controller/network_lcow.go lines 47-50; internal/protocol/guestresource BuildLCOWNetworkAdapter copies IP configs and routes), so host prefixes and a colon-form MAC are what the real system runs with"},
	{"migration/hostile-snapshot/", "controller/network.go Teardown of a controller in DestinationMigrating drops its bindings and makes no call (lines 171-178): an imported snapshot's NICs are not the destination's to remove before Resume"},
	{"migration/save-after-rolled-back-add/", "controller/save.go Save (lines 26-68) succeeds from Configured and binds every NIC the controller tracks (c.vmEndpoints, lines 44-53), which the destination's ResetAfterMigration removes from its guest (lines 175-190): a NIC the VM no longer holds must not be among them, and a failed hot-plug that was undone leaves the network Configured"},
	{"migration/hot-plug-after-reset/", "after ResetAfterMigration the pod's endpoints are the destination namespace's (controller/save.go lines 192-213 read c.migratedNamespaceID)"},
	{"failure/stops-attaching/", "controller/network.go Setup returns at the first failed step (lines 127-138): nothing is attached past a failure"},
	{"failure/tries-every-removal/", "controller/network.go Teardown tries every NIC past a failure and joins the errors (lines 180-199)"},
	{"failure/guest-unavailable-at-vm", "only HCS's own gone answers count a VM removal as done (controller/network_lcow.go line 100, network_wcow.go line 139, internal/vm/vmutils IsVMNotAvailableError): a closed guest connection says nothing of the VM"},
	{"failure/endpoint-vanishes-in-setup/", "controller/network.go fails Setup when an endpoint HCN listed cannot be read (lines 228-232)"},
	{"failure/gone-in-reset/", "controller/save.go ResetAfterMigration removes through removeEndpointFromGuestNamespace, which counts gone as done (network_lcow.go line 88), and adds through addEndpointToGuestNamespace, where gone is a failure (network_lcow.go lines 47-53)"},
	{"failure/rollback-fails-invalid/", "a removal that failed leaves the NIC attached and the controller Invalid, as controller/network.go Teardown does (lines 196-199)"},
	{"order/nic-ids-out-of-order/", "NIC IDs are fresh random GUIDs (controller/network.go line 128, guid.NewV4), so order comes from the endpoints: eth0 first, then HCN's (lines 236-249); the Linux agent names interfaces in the order they arrive"},
	{"sandbox/", "once the pod's sandbox runs, the Linux agent's every add runs Sync, which moves every adapter it holds into the pod again and fails on the first, already moved (internal/guest/runtime/hcsv2/uvm.go modifyNetwork; network.go Sync and assignToPid), after AddAdapter recorded the refused adapter; measured against the real agent by uvmnet's checks/realguest"},
	{"random/", "the random sequences apply the rules above, each to the operation and fault drawn"},
}

// contractSource returns the source of the Contract scenario named name,
// "" when it has none.
func contractSource(name string) string {
	for _, s := range contractSources {
		if strings.HasPrefix(name, s.prefix) {
			return s.source
		}
	}
	return ""
}
