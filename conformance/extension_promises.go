package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/containerd/errdefs"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// uvmnet's own promises that only its unit tests held until now, run by
// its bindings in the Extensions profile: Describe never waits; Save,
// Resume and Patch refuse a context that has already ended; an endpoint's
// lists are bounded; Import bounds the snapshot's bytes; the NIC IDs are
// checked before the guest is given the namespace. Each is a choice of
// uvmnet's (hcsshim's controller has no Describe, no bounds, and takes
// the lock whatever the context), so none is in the Contract.

// describer is a controller with uvmnet's Describe.
type describer interface{ Describe() netcore.Description }

// describerOf returns the Describe of the controller under test, if any.
func describerOf(c controller) (describer, bool) {
	if d, ok := c.(driven); ok {
		des, ok := d.Controller.(describer)
		return des, ok
	}
	des, ok := c.(describer)
	return des, ok
}

// describeNeverWaits (uvmnet extension: Controller.Describe): while a
// Setup hangs in its first hot-add, Describe returns at once and reports
// the controller as Setup left it: not yet configured.
func describeNeverWaits(m matrixPoint, r *reporter, b binding) {
	sp, release, setup := m.hungSetup(r, b)
	defer release()
	des, ok := describerOf(sp.ctrl)
	if !ok {
		r.Fatalf("the controller has no Describe() netcore.Description")
	}
	got := make(chan netcore.Description, 1)
	go func() { got <- des.Describe() }()
	select {
	case d := <-got:
		if d.State != netcore.StateNotConfigured || len(d.NICs) == 0 {
			r.Errorf("Describe during a Setup hung in its first hot-add: state %s with %d NICs; want NotConfigured with the NIC being attached", d.State, len(d.NICs))
		}
	case <-time.After(promptly):
		r.Errorf("Describe during a Setup hung in its first hot-add: still waiting after %s", promptly)
	}
	release()
	if err := <-setup; err != nil {
		r.Errorf("the hung Setup, released: %v", err)
	}
	sp.teardownClean(r, "a Describe during a hung Setup")
}

// endedContextRefused (uvmnet extension): Save, Resume and Patch given a
// context that has already ended refuse it, wrapping ctx.Err(), and change
// nothing, even with no other operation running.
func endedContextRefused(m matrixPoint, r *reporter, b binding) {
	ended, cancel := context.WithCancel(background())
	cancel()
	sp := m.newSimPod(r, b)
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Fatalf("Setup: %v", err)
	}
	refused := func(op string, err error, want netcore.State, c controller) {
		if !errors.Is(err, context.Canceled) {
			r.Errorf("%s with an ended context: %v; want an error wrapping context.Canceled", op, err)
		}
		expectState(r, "after "+op+" with an ended context", c, want)
	}
	_, err := sp.ctrl.Save(ended)
	refused("Save", err, netcore.StateConfigured, sp.ctrl)
	snap, err := sp.ctrl.Save(background())
	if err != nil {
		r.Fatalf("Save: %v", err)
	}
	refused("Resume", sp.ctrl.Resume(ended, anyManagers{}), netcore.StateSourceMigrating, sp.ctrl)
	d, err := b.importController(background(), snap, m.options('b'))
	if err != nil {
		r.Fatalf("Import: %v", err)
	}
	refused("Patch", d.Patch(ended, destinationNamespaceID), netcore.StateDestinationMigrating, d)
	if des, ok := describerOf(d); ok && des.Describe().PendingNamespaceID != "" {
		r.Errorf("Patch with an ended context recorded %q", des.Describe().PendingNamespaceID)
	}
	if err := d.Teardown(background()); err != nil {
		r.Errorf("destination Teardown: %v", err)
	}
	sp.rollBackSave(r)
	sp.teardownClean(r, "Save, Resume and Patch with an ended context")
}

// listBounds (uvmnet extension: netcore.MaxIPConfigurations and the other
// per-endpoint bounds): an endpoint with one element more than a list's
// bound is refused as an invalid argument naming the field, before any VM
// or guest call.
func listBounds(m matrixPoint, r *reporter, b binding) {
	for _, l := range []struct {
		field string
		grow  func(ep *hcnmodel.Endpoint)
	}{
		{"IpConfigurations", func(ep *hcnmodel.Endpoint) {
			for i := len(ep.IpConfigurations); i <= netcore.MaxIPConfigurations; i++ {
				ep.IpConfigurations = append(ep.IpConfigurations, hcnmodel.IpConfig{IpAddress: fmt.Sprintf("10.98.%d.%d", i>>8, i&0xff), PrefixLength: 16})
			}
		}},
		{"Routes", func(ep *hcnmodel.Endpoint) {
			for i := len(ep.Routes); i <= netcore.MaxRoutes; i++ {
				ep.Routes = append(ep.Routes, hcnmodel.Route{NextHop: "10.98.0.1", DestinationPrefix: fmt.Sprintf("10.%d.%d.0/24", 100+i>>8, i&0xff)})
			}
		}},
		{"Policies", func(ep *hcnmodel.Endpoint) {
			for i := len(ep.Policies); i <= netcore.MaxPolicies; i++ {
				ep.Policies = append(ep.Policies, hcnmodel.EndpointPolicy{Type: "ACL"})
			}
		}},
		{"Dns.ServerList", func(ep *hcnmodel.Endpoint) {
			for i := len(ep.Dns.ServerList); i <= netcore.MaxDNSServers; i++ {
				ep.Dns.ServerList = append(ep.Dns.ServerList, fmt.Sprintf("10.99.0.%d", i+1))
			}
		}},
		{"Dns.Search", func(ep *hcnmodel.Endpoint) {
			for i := len(ep.Dns.Search); i <= netcore.MaxDNSSearch; i++ {
				ep.Dns.Search = append(ep.Dns.Search, fmt.Sprintf("s%d.example", i))
			}
		}},
		{"Dns.Options", func(ep *hcnmodel.Endpoint) {
			for i := len(ep.Dns.Options); i <= netcore.MaxDNSOptions; i++ {
				ep.Dns.Options = append(ep.Dns.Options, fmt.Sprintf("opt%d", i))
			}
		}},
	} {
		when := "Setup with an endpoint's " + l.field + " one over its bound"
		sp := m.newSimPod(r, b)
		sp.replaceEndpoint(l.grow)
		sp.sim.world.TakeCalls()
		err := sp.ctrl.Setup(background())
		field := l.field[strings.LastIndex(l.field, ".")+1:]
		switch {
		case err == nil:
			r.Errorf("%s: succeeded; want an invalid argument", when)
		case !errdefs.IsInvalidArgument(err):
			r.Errorf("%s: error %q is not an errdefs invalid argument", when, err)
		case !strings.Contains(err.Error(), field):
			r.Errorf("%s: error %q does not name the field", when, err)
		}
		sp.expectOnlyHostCalls(r, when)
		sp.teardownClean(r, when)
	}
}

// importByteBound (uvmnet extension: netcore.MaxSnapshotBytes): a
// snapshot whose payload is one byte over the bound is refused as an
// invalid argument, however well formed: it carries an unknown field
// that pads it.
func importByteBound(m matrixPoint, r *reporter, b binding) {
	sp, snap := m.savedSource(r, b)
	raw := snap.GetValue()
	const padField protowire.Number = 1000
	tag := protowire.AppendTag(nil, padField, protowire.BytesType)
	pad := netcore.MaxSnapshotBytes + 1 - len(raw) - len(tag)
	pad -= protowire.SizeVarint(uint64(pad))
	raw = protowire.AppendBytes(append(raw, tag...), make([]byte, pad))
	if len(raw) != netcore.MaxSnapshotBytes+1 {
		r.Fatalf("the padded snapshot is %d bytes, not the bound plus one", len(raw))
	}
	_, err := b.importController(background(), &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: raw}, m.options('b'))
	switch {
	case err == nil:
		r.Errorf("Import of a %d-byte snapshot: accepted; want it refused (bound %d)", len(raw), netcore.MaxSnapshotBytes)
	case !errdefs.IsInvalidArgument(err):
		r.Errorf("Import of a %d-byte snapshot: error %q is not an errdefs invalid argument", len(raw), err)
	}
	sp.rollBackSave(r)
	sp.teardownClean(r, "an import over the byte bound")
}

// nicIDsBeforeNamespace (uvmnet extension): a NIC ID generator that
// answers with something not a GUID fails Setup before any VM or guest
// call, the guest namespace add included: a Windows guest given the
// namespace first would keep it.
func nicIDsBeforeNamespace(m matrixPoint, r *reporter, b binding) {
	sp := m.newSimPod(r, b)
	m.rebuildWith(r, sp, func(pod *anyPod) {
		pod.Options.NewNICID = func() (string, error) { return "not-a-guid", nil }
	})
	sp.sim.world.TakeCalls()
	when := "Setup with a NIC ID that is not a GUID"
	if err := sp.ctrl.Setup(background()); err == nil {
		r.Errorf("%s: succeeded; want it refused", when)
	}
	sp.expectOnlyHostCalls(r, when)
	sp.teardownClean(r, when)
}
