package conformance

// The blind-spot scenarios check what the matrix above them could not
// see: bad and hostile input, calls made after a failure, a Teardown that
// gives up early, the concurrency limit, NIC IDs out of order, "guest
// unavailable" from a VM call, an endpoint vanishing during Setup, a
// rollback that fails, hostile snapshots, a bad Patch ID and hot-plug
// after a migration reset. Each is named for what it checks; those under
// "extension/" check uvmnet's own promises (errdefs classes, the
// concurrency limit of Tuning, the snapshot bound), the others the
// contract every controller keeps. They run through the simulator only:
// what they check does not depend on the wire.

// blindSpotScenarios adds the blind-spot scenarios of one route and
// concurrency.
func blindSpotScenarios(route string, conc int, add func(name string, run func(*reporter, Binding))) {
	if route != "" {
		return
	}
	cell := func(nsSupported bool, endpoints int) matrixPoint {
		return matrixPoint{nsSupported: nsSupported, endpoints: endpoints, concurrency: conc}
	}
	m := cell(true, 2)
	for _, d := range inputDefects() {
		add("input/refused/"+d.name+"/"+m.String(), m.refusedInput(d))
	}
	add("input/valid-edges/"+m.String(), m.validEdgeInput)
	add("extension/input-errors/"+m.String(), m.classedInputErrors)
	add("migration/hostile-snapshot/"+m.String(), m.hostileSnapshots)
	add("migration/patch-bad-id/"+m.String(), m.patchBadID)
	add("migration/hot-plug-after-reset/"+m.String(), m.hotPlugAfterReset)
	for _, ns := range []bool{true, false} {
		m := cell(ns, 2)
		add("failure/gone-in-reset/"+m.String(), m.goneInReset)
	}
	add("extension/oversized-snapshot/"+m.String(), m.oversizedSnapshot)
	for _, ns := range []bool{true, false} {
		m := cell(ns, 3)
		add("failure/stops-attaching/"+m.String(), m.stopsAttaching)
		add("failure/tries-every-removal/"+m.String(), m.triesEveryRemoval)
		add("failure/guest-unavailable-at-vm/"+m.String(), m.guestUnavailableAtVM)
		add("failure/guest-unavailable-at-vm-hot-plug/"+m.String(), m.guestUnavailableAtHotPlugRemove)
		add("failure/endpoint-vanishes-in-setup/"+m.String(), m.endpointVanishesInSetup)
		add("order/nic-ids-out-of-order/"+m.String(), m.nicIDsOutOfOrder)
	}
	if conc > 1 {
		// The limit runs below the endpoint count, whatever the cell's
		// concurrency: under it, in the strict order, nothing overlaps.
		m := cell(true, 6)
		add("extension/concurrency-limit/at-2/"+m.String(), m.concurrencyLimit(2))
		add("extension/concurrency-limit/at-3/"+m.String(), m.concurrencyLimit(3))
	} else {
		// The rollback's calls are counted from the first fault, which
		// needs the strict order.
		add("failure/rollback-fails-invalid/"+m.String(), m.failedRollbackIsInvalid)
	}
}
