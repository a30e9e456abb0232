package conformance

import (
	"fmt"
	"slices"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// Blind spots of live migration: a snapshot comes from another machine and
// is hostile until proven otherwise; Patch takes an ID from the
// orchestrator; and the destination namespace that ResetAfterMigration
// switched to must be the one hot-plug reads from then on.

// appendBinding appends one NIC binding (map entry of the VM endpoints
// field) to a snapshot payload.
func appendBinding(payload []byte, nic string, bind nicEntry) []byte {
	var value []byte
	for _, f := range []struct {
		num protowire.Number
		s   string
	}{{fieldBindingEndpointID, bind.endpointID}, {fieldBindingMACAddress, bind.macAddress}, {fieldBindingEndpointName, bind.endpointName}} {
		value = protowire.AppendTag(value, f.num, protowire.BytesType)
		value = protowire.AppendString(value, f.s)
	}
	var entry []byte
	entry = protowire.AppendTag(entry, fieldMapKey, protowire.BytesType)
	entry = protowire.AppendString(entry, nic)
	entry = protowire.AppendTag(entry, fieldMapValue, protowire.BytesType)
	entry = protowire.AppendBytes(entry, value)
	out := slices.Clone(payload)
	out = protowire.AppendTag(out, fieldVMEndpoints, protowire.BytesType)
	return protowire.AppendBytes(out, entry)
}

// snapshotDefect is one way a snapshot can be hostile: edit returns the
// payload changed.
type snapshotDefect struct {
	name string
	edit func(p payload, raw []byte) []byte
}

// snapshotDefects are hostile payloads every destination must refuse.
func snapshotDefects() []snapshotDefect {
	first := func(p payload) (string, nicEntry) {
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range p.bindings {
				if !yield(k) {
					return
				}
			}
		})
		return keys[0], p.bindings[keys[0]]
	}
	return []snapshotDefect{
		// A fresh MAC, so that only the endpoint check can refuse it;
		// the shared MAC is the next row's.
		{"two-nics-one-endpoint", func(p payload, raw []byte) []byte {
			_, bind := first(p)
			bind.macAddress = "00-15-5D-78-00-02"
			return appendBinding(raw, nicID('x', 1), bind)
		}},
		{"two-nics-one-mac", func(p payload, raw []byte) []byte {
			_, bind := first(p)
			bind.endpointID = "e0000000-0078-4000-8000-000000000001"
			return appendBinding(raw, nicID('x', 1), bind)
		}},
		{"nic-id-not-guid", func(p payload, raw []byte) []byte {
			_, bind := first(p)
			bind.endpointID, bind.macAddress = "e0000000-0078-4000-8000-000000000001", "00-15-5D-78-00-01"
			return appendBinding(raw, "not-a-guid", bind)
		}},
		{"endpoint-id-not-guid", func(p payload, raw []byte) []byte {
			return appendBinding(raw, nicID('x', 1), nicEntry{endpointID: "not-a-guid", macAddress: "00-15-5D-78-00-01", endpointName: "x"})
		}},
		{"truncated", func(_ payload, raw []byte) []byte { return raw[:len(raw)-1] }},
		{"length-beyond-the-end", func(_ payload, raw []byte) []byte {
			out := slices.Clone(raw)
			out = protowire.AppendTag(out, fieldNamespaceID, protowire.BytesType)
			return protowire.AppendVarint(out, 1<<30)
		}},
	}
}

// hostileSnapshots (uvmnet extension): Import refuses each hostile snapshot, made
// from a real one taken by Save.
func hostileSnapshots(m matrixPoint, r *reporter, b binding) {
	sp, snap := m.savedSource(r, b)
	p, err := decodePayload(snap.GetValue())
	if err != nil || len(p.bindings) == 0 {
		r.Fatalf("Save wrote a payload the suite cannot read (%v) or without NICs", err)
	}
	for _, d := range snapshotDefects() {
		hostile := &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: d.edit(p, snap.GetValue())}
		if c, err := b.importController(background(), hostile, m.options('b')); err == nil {
			r.Errorf("Import of a snapshot with %s: accepted (state %s); want it refused", d.name, c.State())
		}
	}
	sp.rollBackSave(r)
	sp.teardownClean(r, "hostile imports")
}

// hostileSnapshotConsequences (contract): a destination given a hostile
// snapshot may refuse it or import it; an imported one, torn down before
// Resume, makes no VM or guest call (its NICs came with the VM and are not
// its own to remove: hcsshim's Teardown in DestinationMigrating drops its
// bindings and removes nothing, internal/controller/network/network.go),
// and the source, rolled back, then leaves nothing.
func hostileSnapshotConsequences(m matrixPoint, r *reporter, b binding) {
	sp, snap := m.savedSource(r, b)
	p, err := decodePayload(snap.GetValue())
	if err != nil || len(p.bindings) == 0 {
		r.Fatalf("Save wrote a payload the suite cannot read (%v) or without NICs", err)
	}
	sp.sim.world.TakeCalls()
	for _, d := range snapshotDefects() {
		hostile := &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: d.edit(p, snap.GetValue())}
		c, err := b.importController(background(), hostile, m.options('b'))
		if err != nil {
			continue
		}
		if err := c.Teardown(background()); err != nil {
			r.Errorf("Teardown of a destination imported from a snapshot with %s: %v", d.name, err)
		}
		for _, call := range sp.sim.world.TakeCalls() {
			if kindOf(call.Site) != hostCall {
				r.Errorf("Teardown of a destination imported from a snapshot with %s: %s: the imported NICs are not the destination's to remove before Resume", d.name, call.Line())
			}
		}
	}
	sp.rollBackSave(r)
	sp.teardownClean(r, "hostile imports")
}

// oversizedSnapshot (uvmnet extension: netcore.MaxNICs) refuses a
// snapshot holding one NIC binding more than the bound.
func oversizedSnapshot(m matrixPoint, r *reporter, b binding) {
	sp, snap := m.savedSource(r, b)
	p, _ := decodePayload(snap.GetValue())
	raw := snap.GetValue()
	for k := len(p.bindings) + 1; k <= netcore.MaxNICs+1; k++ {
		raw = appendBinding(raw, nicID('y', k), nicEntry{
			endpointID:   fmt.Sprintf("e0000000-0079-4000-8000-%012x", k),
			macAddress:   fmt.Sprintf("00-15-5D-79-%02X-%02X", k>>8, k&0xff),
			endpointName: fmt.Sprintf("net%d", k),
		})
	}
	if _, err := b.importController(background(), &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: raw}, m.options('b')); err == nil {
		r.Errorf("Import of a snapshot with %d NICs: accepted; want it refused (bound %d)", netcore.MaxNICs+1, netcore.MaxNICs)
	}
	sp.rollBackSave(r)
	sp.teardownClean(r, "an oversized import")
}

// patchBadID (uvmnet extension): Patch refuses a destination namespace ID that is
// not a GUID and stays DestinationMigrating; a good ID is then accepted.
func patchBadID(m matrixPoint, r *reporter, b binding) {
	sp, snap := m.savedSource(r, b)
	d, err := b.importController(background(), snap, m.options('b'))
	if err != nil {
		r.Fatalf("Import: %v", err)
	}
	for _, bad := range []string{"not-a-guid", "", destinationNamespaceID + "x"} {
		if err := d.Patch(background(), bad); err == nil {
			r.Errorf("Patch(%q): accepted; want it refused", bad)
		}
		expectState(r, fmt.Sprintf("after Patch(%q)", bad), d, netcore.StateDestinationMigrating)
	}
	if err := d.Patch(background(), destinationNamespaceID); err != nil {
		r.Errorf("Patch(%q) after refused ones: %v", destinationNamespaceID, err)
	}
	if err := d.Teardown(background()); err != nil {
		r.Errorf("destination Teardown: %v", err)
	}
	sp.rollBackSave(r)
	sp.teardownClean(r, "Patch with bad IDs")
}

// savedSource sets up a pod and saves it, as a migration source does.
func (m matrixPoint) savedSource(r *reporter, b binding) (*simPod, *anypb.Any) {
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	snap, err := sp.ctrl.Save(background())
	if err != nil {
		r.Fatalf("Save: %v", err)
	}
	return sp, snap
}

// rollBackSave resumes a source frozen by Save, so that its Teardown
// removes its NICs rather than handing them over.
func (sp *simPod) rollBackSave(r *reporter) {
	if err := sp.ctrl.Resume(background(), anyManagers{}); err != nil {
		r.Errorf("source Resume (roll back): %v", err)
	}
}

// hotPlugAfterReset (contract): after ResetAfterMigration the pod's
// endpoints are the destination namespace's. An endpoint CNI then adds
// there is attached by Reconcile (which reads that namespace, never the
// source's), and an AddEndpoint and a RemoveEndpoint of destination
// endpoints succeed; the destination's Teardown then leaves only the
// source's host side.
func hotPlugAfterReset(m matrixPoint, r *reporter, b binding) {
	sp, source := m.migratedPod(r, b)
	ctx := background()
	if err := sp.ctrl.ResetAfterMigration(ctx); err != nil {
		r.Fatalf("ResetAfterMigration: %v", err)
	}
	joining := newPodFixture(destinationNamespaceID, 2, 'j').endpoints
	sp.sim.addEndpoints(destinationNamespaceID, joining[0])
	sp.sim.world.TakeCalls()
	res, err := sp.ctrl.Reconcile(ctx)
	if err != nil {
		r.Errorf("Reconcile after the reset: %v", err)
	}
	var all []simCall
	for _, c := range sp.sim.world.TakeCalls() {
		all = append(all, c)
		if c.Site == "host.GetNamespaceEndpointIDs" && c.Subject != destinationNamespaceID {
			r.Errorf("Reconcile after the reset listed namespace %s; want the destination's, %s", c.Subject, destinationNamespaceID)
		}
	}
	if got := endpointIDsOf(res.Added); !slices.Equal(got, []string{joining[0].Id}) {
		r.Errorf("Reconcile after the reset added %v; want [%s]", got, joining[0].Id)
	}
	sp.sim.addEndpoints(destinationNamespaceID, joining[1])
	if _, err := sp.ctrl.AddEndpoint(ctx, joining[1].Id); err != nil {
		r.Errorf("AddEndpoint of destination endpoint %s after the reset: %v", joining[1].Id, err)
	}
	if _, err := sp.ctrl.RemoveEndpoint(ctx, joining[0].Id); err != nil {
		r.Errorf("RemoveEndpoint of destination endpoint %s after the reset: %v", joining[0].Id, err)
	}
	if sp.sim.world.NICOf(joining[1].Id) == "" || sp.sim.world.NICOf(joining[0].Id) != "" {
		r.Errorf("after hot-plug following the reset the VM carries %v; want %s and not %s", sp.sim.world.VMEndpoints(), joining[1].Id, joining[0].Id)
	}
	sp.checkViolations(r, "hot-plug after the reset")
	if err := sp.ctrl.Teardown(ctx); err != nil {
		r.Errorf("Teardown after hot-plug following the reset: %v", err)
	}
	all = append(all, sp.sim.world.TakeCalls()...)
	sp.checkSourceNICsLeft(r, "Teardown after hot-plug following the reset", all, source)
	sp.checkViolations(r, "Teardown after hot-plug following the reset")
}
