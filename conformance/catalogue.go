package conformance

import "strings"

// The catalogue is every scenario of the suite, one row each: its family,
// profile, the capabilities it needs, the cells it expands to, the route
// it takes, its body and the planted bug that proves it. Suite.scenarios
// expands it; conformance-report -list prints it. Adding a scenario is a
// row and its body.

// route is how a row's scenarios reach the controller's managers.
type route int

const (
	// viaMocks: gomock managers expecting every call with exact
	// arguments, through the manager interfaces only.
	viaMocks route = iota
	// viaSim: the simulator, through the manager interfaces only.
	viaSim
	// viaSimAndWire: the simulator, through the manager interfaces and
	// again on each wire route.
	viaSimAndWire
	// viaWire: the simulator on each wire route only.
	viaWire
)

var routeNames = [...]string{"mocks", "simulator", "simulator+wire", "wire"}

func (r route) String() string { return routeNames[r] }

// on reports whether the row runs on wire route w ("" for the
// interfaces).
func (r route) on(w string) bool {
	switch r {
	case viaMocks, viaSim:
		return w == ""
	case viaWire:
		return w != ""
	}
	return true
}

// concs says at which concurrencies a row runs.
type concs int

const (
	atEach concs = iota // 1 and 8
	atOne               // 1 only
	atMany              // 8 only
)

func (c concs) has(conc int) bool {
	switch c {
	case atOne:
		return conc == 1
	case atMany:
		return conc > 1
	}
	return true
}

// body is what a scenario does, in the cell it was expanded to (its
// route and concurrency filled in).
type body func(m matrixPoint, r *reporter, b binding)

// row is one entry of the catalogue.
type row struct {
	// name is the scenario's name before its cell's; its first element is
	// the family.
	name    string
	profile Profile
	needs   Capabilities
	// cells are what the row expands to; a row with cellless set runs in
	// its one cell under name alone.
	cells    []matrixPoint
	cellless bool
	// suffix names a cell, after name; nil is the cell's String.
	suffix func(matrixPoint) string
	route  route
	concs  concs
	body   body
	// only, when set, keeps the row to the bindings it says: the sandbox
	// rows to platforms that start sandboxes.
	only func(b binding) bool
	// proof names the planted bug that proves the row: "othernet.BugX"
	// (planted in othernet by the self-tests' loop over the catalogue) or
	// the self-test that plants it; "" when no self-test plants a bug for
	// this row alone yet (conformance-report -list shows "-").
	proof string
}

// family is the row's scenario family: the first element of its name.
func (w row) family() string {
	f, _, _ := strings.Cut(w.name, "/")
	return f
}

// scenarioName names the row's scenario in cell m.
func (w row) scenarioName(m matrixPoint) string {
	switch {
	case w.cellless:
		return w.name
	case w.suffix != nil:
		return w.name + "/" + w.suffix(m)
	}
	return w.name + "/" + m.String()
}

// param is a body taking one argument more, as a row's body.
func param[T any](f func(matrixPoint, T) func(*reporter, binding), arg T) body {
	return func(m matrixPoint, r *reporter, b binding) { f(m, arg)(r, b) }
}

// grid is the cells with the guest's namespace support on and off and
// from to to endpoints.
func grid(from, to int) []matrixPoint {
	var out []matrixPoint
	for _, ns := range []bool{true, false} {
		for n := from; n <= to; n++ {
			out = append(out, matrixPoint{nsSupported: ns, endpoints: n})
		}
	}
	return out
}

// Cells used by many rows.
var (
	bothAt2 = grid(2, 2)
	onAt2   = []matrixPoint{{nsSupported: true, endpoints: 2}}
	bothAt3 = grid(3, 3)
)

// Proofs shared by many rows: the self-tests that plant their bugs.
const (
	proofContract = "lcow TestSuiteFailsControllerThatRemovesTwice, TestCallContractHoldsControllersToTheirOwnNICIDs; wcow TestSuiteFailsControllerThatForgetsAPreAddedNIC"
	proofState    = "lcow TestSuiteFailsControllerThatLeaksANIC, TestSuiteFailsATeardownThatRemovesNothing"
	proofFaults   = "lcow TestSuiteFailsControllerThatLeaksANIC; wcow TestSuiteFailsControllerThatForgetsAPreAddedNIC"
	proofHotPlug  = "lcow TestSuiteFailsControllerThatIgnoresHotPlug, TestSuiteFailsControllerThatLeaksAGuestNICInHotPlug"
	proofPanics   = "lcow TestSuiteFailsControllerThatSwallowsPanicsAndGoexits"
	proofWaiting  = "lcow TestSuiteFailsControllerThatKeepsCallersWaiting"
	proofNetcore  = "lcow TestBlindSpotsCaughtAroundNetcore"
	proofWire     = "lcow TestWireGoneShapesCatchAPlantedTable, TestWireGoneShapesCatchAHotRemoveExcusedByTheGuest"
	proofRandom   = "lcow TestSuiteFailsControllerThatLeaksANIC (random sequences), FuzzRandomSequences"
)

// catalogue returns every row of the suite, in the order the suite runs
// them within one route and concurrency.
func catalogue() []row {
	rows := []row{
		{name: "contract/setup-teardown", cells: grid(0, maxEndpoints), route: viaMocks, body: contractSetupTeardown, proof: proofContract},
		{name: "contract/migration", needs: needsMigration, cells: grid(0, maxEndpoints), route: viaMocks, body: contractMigration, proof: proofContract},
		{name: "strict-order/setup-teardown", profile: Extensions, needs: needsNICIDs, cells: grid(0, maxEndpoints), route: viaMocks, concs: atOne, body: strictly(contractSetupTeardown)},
		{name: "strict-order/migration", profile: Extensions, needs: needsNICIDs.with(needsMigration), cells: grid(0, maxEndpoints), route: viaMocks, concs: atOne, body: strictly(contractMigration)},
		{name: "state/setup-teardown", cells: grid(0, maxEndpoints), route: viaSimAndWire, body: stateSetupTeardown, proof: proofState},
		{name: "faults/setup", cells: grid(0, maxEndpoints), route: viaSimAndWire, body: faultsInSetup, proof: proofFaults},
		{name: "faults/teardown", cells: grid(0, maxEndpoints), route: viaSimAndWire, body: faultsInTeardown, proof: proofFaults},
		{name: "contract/hot-plug", needs: needsHotPlug, cells: grid(1, maxEndpoints), route: viaMocks, body: contractHotPlug, proof: proofHotPlug},
		{name: "strict-order/hot-plug", profile: Extensions, needs: needsNICIDs.with(needsHotPlug), cells: grid(1, maxEndpoints), route: viaMocks, concs: atOne, body: strictly(contractHotPlug)},
		{name: "state/hot-plug", needs: needsHotPlug, cells: grid(1, maxEndpoints), route: viaSimAndWire, body: stateHotPlug, proof: proofHotPlug},
		{name: "faults/reconcile", needs: needsHotPlug, cells: bothAt2, route: viaSimAndWire, body: param(faultsInHotPlug, opReconcile), proof: proofHotPlug},
		{name: "faults/add-endpoint", needs: needsHotPlug, cells: bothAt2, route: viaSimAndWire, body: param(faultsInHotPlug, opAddEndpoint), proof: proofHotPlug},
		{name: "faults/remove-endpoint", needs: needsHotPlug, cells: bothAt2, route: viaSimAndWire, body: param(faultsInHotPlug, opRemoveEndpoint)},
		{name: "contract/lifecycle-rules", cells: []matrixPoint{{nsSupported: true, endpoints: 1}}, cellless: true, route: viaMocks, body: param(contractLifecycleRules, rulesCore), proof: "lcow TestDeclaredCapabilityTheControllerLacksFails"},
		{name: "contract/lifecycle-rules/hot-plug", needs: needsHotPlug, cells: []matrixPoint{{nsSupported: true, endpoints: 1}}, cellless: true, route: viaMocks, body: param(contractLifecycleRules, rulesHotPlug), proof: "lcow TestSuiteFailsControllerThatIgnoresHotPlug"},
		{name: "contract/lifecycle-rules/migration", needs: needsMigration, cells: []matrixPoint{{nsSupported: true, endpoints: 1}}, cellless: true, route: viaMocks, body: param(contractLifecycleRules, rulesMigration), proof: "lcow TestWrapDecoratesImportedControllers"},
		{name: "faults/second/setup-teardown", cells: grid(1, maxEndpoints), route: viaSimAndWire, body: secondFaultsSetupTeardown, proof: proofFaults},
		{name: "faults/second/reconcile-rollback", needs: needsHotPlug.with(needsNICIDs), cells: bothAt2, route: viaSimAndWire, body: secondFaultsReconcileRollback},
	}
	rows = append(rows, reliabilityRows()...)
	rows = append(rows, row{
		name: "sandbox/hot-plug-into-running-pod", needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: sandboxHotPlug,
		only:  func(b binding) bool { return b.StartSandbox != nil },
		proof: "lcow TestSuiteFailsControllerThatLeavesTheRefusedNICInTheAgent",
	})
	rows = append(rows, beyondFaultsRows()...)
	rows = append(rows, wireGoneRows()...)
	rows = append(rows, row{
		name: "random", cells: bothAt2, suffix: matrixPoint.capability, route: viaSimAndWire,
		body: func(m matrixPoint, r *reporter, b binding) { randomSequences(r, b, m, m.seed, m.steps) }, proof: proofRandom,
	})
	return rows
}

// strictly is f in uvmnet's one strict call order.
func strictly(f body) body {
	return func(m matrixPoint, r *reporter, b binding) { f(m.strictOrder(), r, b) }
}

// reliabilityRows are the reliability family: panics, same-MAC
// replacement, a migration destination's teardown, half-removed NICs,
// observers that panic, Goexit in a manager call, a queued call whose
// context ends.
func reliabilityRows() []row {
	observing := Capabilities{Observer: true}
	return []row{
		{name: "reliability/panic/setup", cells: bothAt2, route: viaSimAndWire, body: param(panicsIn, "setup"), proof: proofPanics},
		{name: "reliability/panic/teardown", cells: bothAt2, route: viaSimAndWire, body: param(panicsIn, "teardown")},
		{name: "reliability/panic/reconcile", needs: needsHotPlug, cells: bothAt2, route: viaSimAndWire, body: param(panicsIn, opReconcile), proof: proofPanics},
		// No source of the real system says a VM refuses a second NIC with
		// one MAC, and the error types are netcore's: uvmnet's own promises.
		{name: "reliability/same-mac-replacement/guest-removal-fails", profile: Extensions, needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: param(sameMACReplacement, "guest.RemoveNIC")},
		{name: "reliability/same-mac-replacement/vm-removal-fails", profile: Extensions, needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: param(sameMACReplacement, "vm.RemoveNIC")},
		{name: "reliability/migration-destination/teardown-without-reset", needs: needsMigration, cells: onAt2, route: viaSimAndWire, body: destinationTeardownWithoutReset, proof: "checks/upstreamsuite B8 (hcsshim as released)"},
		{name: "reliability/migration-destination/failed-reset", needs: needsMigration, cells: onAt2, route: viaSimAndWire, body: destinationFailedReset, proof: "checks/upstreamsuite B7 (hcsshim as released)"},
		{name: "reliability/half-removed/reconcile", needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: param(halfRemoved, "reconcile")},
		{name: "reliability/half-removed/reconcile-endpoint-gone", needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: param(halfRemoved, "reconcile-endpoint-gone")},
		{name: "reliability/half-removed/add-endpoint", needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: param(halfRemoved, "add-endpoint")},
		// How the refusal is classed is uvmnet's choice.
		{name: "reliability/add-endpoint-outside-namespace", profile: Extensions, needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: addEndpointOutsideNamespace},
		{name: "reliability/endpoint-vanishes-during-reconcile", needs: needsHotPlug, cells: onAt2, route: viaSimAndWire, body: endpointVanishesDuringReconcile},
		{name: "reliability/observer-panics/setup", profile: Extensions, needs: observing, cells: bothAt2, route: viaSimAndWire, body: param(observerPanicsIn, "setup"), proof: proofPanics},
		{name: "reliability/observer-panics/teardown", profile: Extensions, needs: observing, cells: bothAt2, route: viaSimAndWire, body: param(observerPanicsIn, "teardown"), proof: proofPanics},
		{name: "reliability/observer-panics/" + opReconcile, profile: Extensions, needs: observing.with(needsHotPlug), cells: bothAt2, route: viaSimAndWire, body: param(observerPanicsIn, opReconcile), proof: proofPanics},
		{name: "reliability/observer-panics/resume", profile: Extensions, needs: observing.with(needsMigration), cells: bothAt2, route: viaSimAndWire, body: param(observerPanicsIn, "resume"), proof: proofPanics},
		{name: "reliability/goexit/vm.AddNIC", profile: Extensions, cells: bothAt2, route: viaSimAndWire, body: param(goexitAt, "vm.AddNIC"), proof: proofPanics},
		{name: "reliability/goexit/vm.RemoveNIC", profile: Extensions, cells: bothAt2, route: viaSimAndWire, body: param(goexitAt, "vm.RemoveNIC"), proof: proofPanics},
		{name: "reliability/goexit/host.GetEndpointByID", profile: Extensions, needs: needsHotPlug, cells: bothAt2, route: viaSimAndWire, body: param(goexitAt, "host.GetEndpointByID"), proof: proofPanics},
		{name: "reliability/queued-context-ends", profile: Extensions, needs: needsHotPlug.with(needsMigration), cells: bothAt2, route: viaSimAndWire, body: queuedContextEnds, proof: proofWaiting},
	}
}

// beyondFaultsRows are what a fault matrix cannot see: hostile input and
// snapshots (their consequences in the contract; their refusal before any
// call is uvmnet's extension), calls made after a failure, a Teardown
// that gives up early, the concurrency limit, NIC IDs out of order,
// "guest unavailable" from a VM call, an endpoint vanishing in Setup, a
// rollback that fails, a bad Patch ID and hot-plug after a migration
// reset; then uvmnet's other promises. They run through the simulator
// only: what they check does not depend on the wire.
func beyondFaultsRows() []row {
	// The planted bugs that prove the input rows, by defect; a defect
	// without one is checked, but no self-test plants a bug for it.
	consequence := map[string]string{
		"namespace-document-of-another": "wcow TestHostileInputConsequenceCaughtInOtherNet (othernet.BugTrustsNamespaceDocument)",
		"another-pods-endpoint":         "checks/upstreamsuite B9 (hcsshim as released)",
	}
	refused := map[string]string{
		"mac-multicast":                 "othernet.BugAcceptsMulticastMAC",
		"another-pods-endpoint":         "othernet.BugAcceptsForeignEndpoint",
		"namespace-document-of-another": "othernet.BugTrustsNamespaceDocument",
	}
	var rows []row
	for _, d := range inputDefects() {
		rows = append(rows,
			row{name: "input/hostile/" + d.name, cells: onAt2, route: viaSim, body: param(hostileInputConsequences, d), proof: consequence[d.name]},
			row{name: "extension/input/refused/" + d.name, profile: Extensions, cells: onAt2, route: viaSim, body: param(refusedInput, d), proof: refused[d.name]},
		)
	}
	rows = append(rows, []row{
		{name: "input/valid-edges", cells: onAt2, route: viaSim, body: validEdgeInput, proof: "othernet.BugPrefixOffByOne"},
		{name: "extension/input-errors", profile: Extensions, cells: onAt2, route: viaSim, body: classedInputErrors, proof: proofNetcore},
		{name: "migration/hostile-snapshot", needs: needsMigration, cells: onAt2, route: viaSim, body: hostileSnapshotConsequences},
		{name: "extension/migration/hostile-snapshot", profile: Extensions, needs: needsMigration, cells: onAt2, route: viaSim, body: hostileSnapshots, proof: "othernet.BugImportAcceptsSharedEndpoint othernet.BugImportAcceptsSharedMAC"},
		{name: "extension/migration/patch-bad-id", profile: Extensions, needs: needsMigration, cells: onAt2, route: viaSim, body: patchBadID, proof: "othernet.BugPatchAcceptsAnyID"},
		{name: "migration/hot-plug-after-reset", needs: needsMigration.with(needsHotPlug), cells: onAt2, route: viaSim, body: hotPlugAfterReset, proof: proofNetcore},
		{name: "migration/save-after-rolled-back-add", needs: needsMigration.with(needsHotPlug), cells: onAt2, route: viaSim, body: saveAfterRolledBackAdd, proof: proofNetcore},
		{name: "failure/gone-in-reset", needs: needsMigration, cells: bothAt2, route: viaSim, body: goneInReset, proof: "othernet.BugGoneAddCountsDone"},
		{name: "extension/oversized-snapshot", profile: Extensions, needs: needsMigration, cells: onAt2, route: viaSim, body: oversizedSnapshot, proof: proofNetcore},
		{name: "extension/describe-never-waits", profile: Extensions, cells: onAt2, route: viaSim, body: describeNeverWaits, proof: proofNetcore},
		{name: "extension/ended-context", profile: Extensions, needs: needsMigration, cells: onAt2, route: viaSim, body: endedContextRefused, proof: proofNetcore},
		{name: "extension/list-bounds", profile: Extensions, cells: onAt2, route: viaSim, body: listBounds, proof: proofNetcore},
		{name: "extension/import-byte-bound", profile: Extensions, needs: needsMigration, cells: onAt2, route: viaSim, body: importByteBound, proof: proofNetcore},
		{name: "extension/nic-ids-before-namespace", profile: Extensions, needs: needsNICIDs, cells: onAt2, route: viaSim, body: nicIDsBeforeNamespace, proof: "wcow TestSuiteFailsNICIDsCheckedAfterTheNamespaceAdd"},
		{name: "failure/stops-attaching", cells: bothAt3, route: viaSim, body: stopsAttaching, proof: "othernet.BugKeepsAttaching"},
		{name: "failure/tries-every-removal", cells: bothAt3, route: viaSim, body: triesEveryRemoval, proof: "othernet.BugTeardownStopsAtFirstFailure"},
		{name: "failure/guest-unavailable-at-vm", needs: needsNICIDs, cells: bothAt3, route: viaSim, body: guestUnavailableAtVM, proof: "othernet.BugGuestUnavailableCountsAtVM"},
		{name: "failure/guest-unavailable-at-vm-hot-plug", needs: needsNICIDs.with(needsHotPlug), cells: bothAt3, route: viaSim, body: guestUnavailableAtHotPlugRemove, proof: proofNetcore},
		{name: "failure/endpoint-vanishes-in-setup", cells: bothAt3, route: viaSim, body: endpointVanishesInSetup, proof: "othernet.BugSkipsVanishedEndpoint"},
		{name: "order/nic-ids-out-of-order", needs: needsNICIDs, cells: bothAt3, route: viaSim, body: nicIDsOutOfOrder, proof: "othernet.BugAttachesInNICIDOrder"},
		// The limit runs below the endpoint count, whatever the cell's
		// concurrency: under it, in the strict order, nothing overlaps.
		{name: "extension/concurrency-limit/at-2", profile: Extensions, cells: []matrixPoint{{nsSupported: true, endpoints: 6}}, route: viaSim, concs: atMany, body: param(concurrencyLimit, 2), proof: proofNetcore},
		{name: "extension/concurrency-limit/at-3", profile: Extensions, cells: []matrixPoint{{nsSupported: true, endpoints: 6}}, route: viaSim, concs: atMany, body: param(concurrencyLimit, 3), proof: proofNetcore},
		// The rollback's calls are counted from the first fault, which
		// needs the strict order.
		{name: "failure/rollback-fails-invalid", needs: needsHotPlug, cells: onAt2, route: viaSim, concs: atOne, body: failedRollbackIsInvalid, proof: proofNetcore},
	}...)
	return rows
}

// wireGoneRows are the wire run's gone-shape matrix, at concurrency 1.
func wireGoneRows() []row {
	var rows []row
	// Only the teardown matrix has a planted bug of its own; the others
	// share its shapes and checks.
	proof := map[string]string{"teardown": proofWire}
	for _, op := range []string{"setup", "teardown"} {
		rows = append(rows, row{name: "faults/gone-shapes/" + op, cells: onAt2, route: viaWire, concs: atOne, body: param(goneShapes, op), proof: proof[op]})
	}
	for _, op := range []string{opAddEndpoint, opRemoveEndpoint} {
		rows = append(rows, row{name: "faults/gone-shapes/" + op, needs: needsHotPlug, cells: onAt2, route: viaWire, concs: atOne, body: param(goneShapes, op), proof: proof[op]})
	}
	return rows
}

// Scenario is one row of the suite's catalogue: what
// conformance-report -list prints.
type Scenario struct {
	// Family is the scenario family ("contract", "faults", ...).
	Family string
	// Name names the scenario before its cell ("faults/setup").
	Name    string
	Profile Profile
	// Needs is what a controller must declare for it to apply.
	Needs Capabilities
	// Cells are the cells it expands to ("ns-on/2-endpoints"); none for
	// a scenario run once under its name alone.
	Cells []string
	// Route is how it reaches the managers: "mocks", "simulator",
	// "simulator+wire" or "wire".
	Route string
	// Concurrencies are the values of Options.Concurrency it runs at.
	Concurrencies []int
	// Proof names the planted bug that proves it.
	Proof string
}

// Catalogue returns every scenario of the suite, one per row, in the
// order the suite runs them.
func Catalogue() []Scenario {
	var out []Scenario
	for _, w := range catalogue() {
		sc := Scenario{Family: w.family(), Name: w.name, Profile: w.profile, Needs: w.needs, Route: w.route.String(), Proof: w.proof}
		if !w.cellless {
			for _, m := range w.cells {
				sc.Cells = append(sc.Cells, strings.TrimPrefix(w.scenarioName(m), w.name+"/"))
			}
		}
		for _, c := range concurrencies {
			if w.concs.has(c) {
				sc.Concurrencies = append(sc.Concurrencies, c)
			}
		}
		out = append(out, sc)
	}
	return out
}
