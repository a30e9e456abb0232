package conformance

// The blind-spot scenarios check what the matrix above them could not
// see: bad and hostile input, calls made after a failure, a Teardown that
// gives up early, the concurrency limit, NIC IDs out of order, "guest
// unavailable" from a VM call, an endpoint vanishing during Setup, a
// rollback that fails, hostile snapshots, a bad Patch ID and hot-plug
// after a migration reset. Each is named for what it checks; those under
// "extension/" check uvmnet's own promises (errdefs classes, the
// concurrency limit of Tuning, the snapshot bound, and hostile input,
// snapshots and Patch IDs refused before any VM or guest call), the
// others the contract every controller keeps: for hostile input and
// snapshots, their consequences (nothing leaks, no call targets another
// pod's namespace), as neither HCS, HCN nor the guest agents ask the
// controller to refuse them. They run through the simulator only:
// what they check does not depend on the wire.

// blindSpotScenarios adds the blind-spot scenarios of one route and
// concurrency: the contract's through add, uvmnet's extensions through ext.
// Those that aim a fault at a NIC by its ID, or hand out IDs of their own,
// need the suite's NIC IDs.
func blindSpotScenarios(route string, conc int, add, ext func(name string, needs Capabilities, run func(*reporter, binding))) {
	if route != "" {
		return
	}
	cell := func(nsSupported bool, endpoints int) matrixPoint {
		return matrixPoint{nsSupported: nsSupported, endpoints: endpoints, concurrency: conc}
	}
	m := cell(true, 2)
	for _, d := range inputDefects() {
		add("input/hostile/"+d.name+"/"+m.String(), needsNothing, m.hostileInputConsequences(d))
		ext("extension/input/refused/"+d.name+"/"+m.String(), needsNothing, m.refusedInput(d))
	}
	add("input/valid-edges/"+m.String(), needsNothing, m.validEdgeInput)
	ext("extension/input-errors/"+m.String(), needsNothing, m.classedInputErrors)
	add("migration/hostile-snapshot/"+m.String(), needsMigration, m.hostileSnapshotConsequences)
	ext("extension/migration/hostile-snapshot/"+m.String(), needsMigration, m.hostileSnapshots)
	ext("extension/migration/patch-bad-id/"+m.String(), needsMigration, m.patchBadID)
	add("migration/hot-plug-after-reset/"+m.String(), needsMigration.with(needsHotPlug), m.hotPlugAfterReset)
	add("migration/save-after-rolled-back-add/"+m.String(), needsMigration.with(needsHotPlug), m.saveAfterRolledBackAdd)
	for _, ns := range []bool{true, false} {
		m := cell(ns, 2)
		add("failure/gone-in-reset/"+m.String(), needsMigration, m.goneInReset)
	}
	ext("extension/oversized-snapshot/"+m.String(), needsMigration, m.oversizedSnapshot)
	promiseScenarios(m, ext)
	for _, ns := range []bool{true, false} {
		m := cell(ns, 3)
		add("failure/stops-attaching/"+m.String(), needsNothing, m.stopsAttaching)
		add("failure/tries-every-removal/"+m.String(), needsNothing, m.triesEveryRemoval)
		add("failure/guest-unavailable-at-vm/"+m.String(), needsNICIDs, m.guestUnavailableAtVM)
		add("failure/guest-unavailable-at-vm-hot-plug/"+m.String(), needsNICIDs.with(needsHotPlug), m.guestUnavailableAtHotPlugRemove)
		add("failure/endpoint-vanishes-in-setup/"+m.String(), needsNothing, m.endpointVanishesInSetup)
		add("order/nic-ids-out-of-order/"+m.String(), needsNICIDs, m.nicIDsOutOfOrder)
	}
	if conc > 1 {
		// The limit runs below the endpoint count, whatever the cell's
		// concurrency: under it, in the strict order, nothing overlaps.
		m := cell(true, 6)
		ext("extension/concurrency-limit/at-2/"+m.String(), needsNothing, m.concurrencyLimit(2))
		ext("extension/concurrency-limit/at-3/"+m.String(), needsNothing, m.concurrencyLimit(3))
	} else {
		// The rollback's calls are counted from the first fault, which
		// needs the strict order.
		add("failure/rollback-fails-invalid/"+m.String(), needsHotPlug, m.failedRollbackIsInvalid)
	}
}
