package conformance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
)

// saveAfterRolledBackAdd (contract, with hot-plug and migration): an
// AddEndpoint fails at one of its attach calls with a plain error and
// rolls the NIC back. The network stays Configured with the NICs it had,
// so a Save right after succeeds, and its snapshot binds exactly the
// endpoints attached before: a controller that kept the rolled-back NIC
// in its list would refuse Save for ever (the NIC is removed, not
// configured) or hand the destination a NIC that does not exist. The
// source then resumes and tears down clean.
func saveAfterRolledBackAdd(m matrixPoint, r *reporter, b binding) {
	prepare, run := m.operation(opAddEndpoint)
	_, calls := m.callsOf(r, b, opAddEndpoint)
	tried := 0
	for i, c := range calls {
		if kindOf(c.Site) == hostCall {
			continue
		}
		f := m.errorAt(c, i)
		sp := m.newSimPod(r, b)
		if err := prepare(sp); err != nil {
			r.Fatalf("before AddEndpoint with %s: %v", f, err)
		}
		before := sp.fixture.endpointIDs()
		sp.sim.arm(f, func() {})
		addErr := run(sp)
		if fired, _ := sp.sim.disarm(); !fired {
			sp.teardownClean(r, "AddEndpoint with "+f.String())
			continue
		}
		tried++
		when := fmt.Sprintf("Save after an AddEndpoint with %s (%s), rolled back", f, c.Site)
		if addErr == nil {
			r.Errorf("%s: AddEndpoint succeeded; want it to fail", when)
		}
		expectState(r, "before "+when, sp.ctrl, netcore.StateConfigured)
		snap, err := sp.ctrl.Save(background())
		if err != nil {
			r.Errorf("%s: %v", when, err)
			sp.teardownClean(r, when)
			continue
		}
		if p, err := decodePayload(snap.GetValue()); err != nil {
			r.Errorf("%s: the snapshot does not decode: %v", when, err)
		} else if got := boundEndpoints(p); !slices.Equal(got, sortedLower(before)) {
			r.Errorf("%s: the snapshot binds endpoints %v; want %v, those attached before", when, got, sortedLower(before))
		}
		sp.rollBackSave(r)
		sp.teardownClean(r, when)
	}
	if tried == 0 {
		r.Errorf("no AddEndpoint attach call could be failed: nothing was rolled back")
	}
}

// boundEndpoints returns the endpoint IDs a snapshot binds, lower-cased
// and sorted.
func boundEndpoints(p payload) []string {
	out := make([]string, 0, len(p.bindings))
	for _, b := range p.bindings {
		out = append(out, strings.ToLower(b.endpointID))
	}
	slices.Sort(out)
	return out
}

// sortedLower returns ids lower-cased and sorted.
func sortedLower(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strings.ToLower(id)
	}
	slices.Sort(out)
	return out
}
