package conformance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Bad and hostile input. HCN's documents come from CNI, which the
// controller does not control. The contract requires the consequences the
// real system cannot repair: whatever a controller makes of such a
// document, nothing it attached may outlive Teardown, and no call may
// target another pod's namespace (the Linux guest agent files an adapter
// under whatever namespace ID it is given and creates that namespace,
// internal/guest/runtime/hcsv2/network.go, GetOrAddNetworkNamespace; HCS
// hot-adds any endpoint it is given). A valid document at the edge of a
// field's range must pass. Refusing a hostile document before any VM or
// guest call, with an errdefs class and an error naming the value, is
// uvmnet's extension, checked apart: neither HCS, HCN nor hcsshim's guest
// agents require it.

// inputDefect is one way HCN's answer can be wrong: apply changes a pod
// whose endpoints were just put into HCN, and value is the bad value an
// error should name.
type inputDefect struct {
	name  string
	value string
	apply func(sp *simPod)
	// hcsAnswers are what the simulated VM records of a controller that
	// passes the defect on, which are HCS's to answer (it refuses a
	// second NIC with a MAC already on the VM) rather than a misuse the
	// real system cannot repair.
	hcsAnswers []string
}

// replaceEndpoint makes HCN hold, for the pod's first endpoint (attached
// after eth0, so that a controller that checks each endpoint only when it
// reaches it has hot-added eth0 by then), the document edit returns.
func (sp *simPod) replaceEndpoint(edit func(ep *hcnmodel.Endpoint)) {
	ep := cloneEndpoint(sp.fixture.endpoints[0])
	edit(ep)
	sp.sim.world.DropEndpoint(sp.pod.NamespaceID, sp.fixture.endpoints[0].Id)
	sp.sim.world.PutEndpoints(sp.pod.NamespaceID, ep)
}

// inputDefects are the defects of every class of endpoint field, and of
// HCN's answers about the namespace.
func inputDefects() []inputDefect {
	edit := func(name, value string, f func(ep *hcnmodel.Endpoint)) inputDefect {
		return inputDefect{name: name, value: value, apply: func(sp *simPod) { sp.replaceEndpoint(f) }}
	}
	return []inputDefect{
		edit("id-not-guid", "e0000000-zz00-4000-8000-000000000001", func(ep *hcnmodel.Endpoint) { ep.Id = "e0000000-zz00-4000-8000-000000000001" }),
		edit("another-pods-endpoint", destinationNamespaceID, func(ep *hcnmodel.Endpoint) { ep.HostComputeNamespace = destinationNamespaceID }),
		edit("mac-malformed", "00-15-5D-GG-00-01", func(ep *hcnmodel.Endpoint) { ep.MacAddress = "00-15-5D-GG-00-01" }),
		edit("mac-multicast", "01-00-5E-00-00-01", func(ep *hcnmodel.Endpoint) { ep.MacAddress = "01-00-5E-00-00-01" }),
		withHCSAnswers(edit("mac-of-another-endpoint", "00-15-5D-61-00-02", func(ep *hcnmodel.Endpoint) { ep.MacAddress = "00-15-5D-61-00-02" }), sameMAC),
		edit("address-malformed", "10.0.0.256", func(ep *hcnmodel.Endpoint) { ep.IpConfigurations[0].IpAddress = "10.0.0.256" }),
		edit("address-with-zone", "FE80::1%eth0", func(ep *hcnmodel.Endpoint) { ep.IpConfigurations[1].IpAddress = "FE80::1%eth0" }),
		edit("prefix-ipv4-33", "33", func(ep *hcnmodel.Endpoint) { ep.IpConfigurations[0].PrefixLength = 33 }),
		edit("prefix-ipv6-129", "129", func(ep *hcnmodel.Endpoint) { ep.IpConfigurations[1].PrefixLength = 129 }),
		edit("route-destination", "10.0.0.0/40", func(ep *hcnmodel.Endpoint) { ep.Routes[0].DestinationPrefix = "10.0.0.0/40" }),
		edit("route-next-hop", "10.0.0.300", func(ep *hcnmodel.Endpoint) { ep.Routes[0].NextHop = "10.0.0.300" }),
		edit("dns-server", "ns.example", func(ep *hcnmodel.Endpoint) { ep.Dns.ServerList = []string{"ns.example"} }),
		edit("dns-search-with-comma", "a.local,b.local", func(ep *hcnmodel.Endpoint) { ep.Dns.Search = []string{"a.local,b.local"} }),
		edit("encap-overhead", `"forty"`, func(ep *hcnmodel.Endpoint) {
			ep.Policies = []hcnmodel.EndpointPolicy{{Type: hcnmodel.EncapOverhead, Settings: json.RawMessage(`{"Overhead":"forty"}`)}}
		}),
		{name: "endpoint-listed-twice", value: "e0000000-0061-4000-8000-000000000002", apply: func(sp *simPod) {
			sp.sim.world.ListEndpointIDs(sp.pod.NamespaceID, sp.fixture.endpoints[1].Id)
		}, hcsAnswers: []string{sameMAC, sameEndpoint}},
		{name: "namespace-document-of-another", value: destinationNamespaceID, apply: func(sp *simPod) {
			doc := cloneNamespace(sp.fixture.namespace)
			doc.Id = destinationNamespaceID
			sp.sim.world.PutNamespaceDocument(sp.pod.NamespaceID, doc)
		}},
	}
}

// What the simulated VM records of a second NIC for one endpoint or MAC.
const (
	sameMAC      = "no two NICs with one MAC, ever"
	sameEndpoint = "already attached as NIC"
)

func withHCSAnswers(d inputDefect, answers ...string) inputDefect {
	d.hcsAnswers = answers
	return d
}

// hostileInputConsequences (contract): Setup over HCN answering with the
// defect may refuse it (leaving Invalid) or go ahead (leaving
// Configured); either way no guest call targets a namespace other than
// the pod's, and Teardown then leaves nothing.
func hostileInputConsequences(m matrixPoint, d inputDefect) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		sp := m.newSimPod(r, b)
		d.apply(sp)
		when := "Setup with " + d.name + " (" + d.value + ")"
		if err := sp.ctrl.Setup(background()); err != nil {
			expectState(r, "after failed "+when, sp.ctrl, netcore.StateInvalid)
		} else {
			expectState(r, "after "+when, sp.ctrl, netcore.StateConfigured)
		}
		for _, v := range sp.sim.world.TakeViolations() {
			if !slices.ContainsFunc(d.hcsAnswers, func(a string) bool { return strings.Contains(v, a) }) {
				r.Errorf("%s: %s", when, v)
			}
		}
		sp.expectOwnNamespace(r, when)
		sp.teardownClean(r, when)
	}
}

// expectOwnNamespace reports every guest call made since the last take
// that named a namespace other than the pod's, and every NIC the guest
// filed under another namespace.
func (sp *simPod) expectOwnNamespace(r *reporter, when string) {
	own := sp.pod.NamespaceID
	for _, c := range sp.sim.world.TakeCalls() {
		if kindOf(c.Site) == guestCall && strings.Contains(c.Site, "Namespace") && !strings.EqualFold(c.Subject, own) {
			r.Errorf("%s: %s targets namespace %s, another pod's, not this pod's %s", when, c.Line(), c.Subject, own)
		}
	}
	for nic, held := range sp.sim.world.GuestNICs() {
		if held.Namespace != "" && !strings.EqualFold(held.Namespace, own) {
			r.Errorf("%s: the guest filed NIC %s under namespace %s, another pod's, not this pod's %s", when, nic, held.Namespace, own)
		}
	}
}

// refusedInput (uvmnet extension): Setup over HCN answering with the defect fails,
// having made no VM or guest call, and leaves Invalid; Teardown then
// leaves nothing.
func refusedInput(m matrixPoint, d inputDefect) func(r *reporter, b binding) {
	return func(r *reporter, b binding) {
		sp := m.newSimPod(r, b)
		d.apply(sp)
		err := sp.ctrl.Setup(background())
		when := "Setup with " + d.name + " (" + d.value + ")"
		if err == nil {
			r.Errorf("%s: succeeded; want it refused", when)
		}
		sp.expectOnlyHostCalls(r, when)
		expectState(r, "after "+when, sp.ctrl, netcore.StateInvalid)
		sp.teardownClean(r, when)
	}
}

// expectOnlyHostCalls reports every VM or guest call made since the last
// take: refused input must not reach them.
func (sp *simPod) expectOnlyHostCalls(r *reporter, when string) {
	for _, c := range sp.sim.world.TakeCalls() {
		if kindOf(c.Site) != hostCall {
			r.Errorf("%s: %s reached the VM or guest before the input was refused", when, c.Line())
		}
	}
}

// classedInputErrors (uvmnet extension): each defect's Setup error is an
// errdefs invalid argument naming the bad value.
func classedInputErrors(m matrixPoint, r *reporter, b binding) {
	for _, d := range inputDefects() {
		sp := m.newSimPod(r, b)
		d.apply(sp)
		err := sp.ctrl.Setup(background())
		switch {
		case err == nil:
			r.Errorf("Setup with %s: succeeded; want an invalid argument", d.name)
		case !errdefs.IsInvalidArgument(err):
			r.Errorf("Setup with %s: error %q is not an errdefs invalid argument", d.name, err)
		case !strings.Contains(err.Error(), strings.Trim(d.value, `"`)):
			r.Errorf("Setup with %s: error %q does not name the value %s", d.name, err, d.value)
		}
	}
}

// validEdgeInput (contract): values at the edge of their range are valid:
// host prefixes (/32, /128, also as route destinations), a MAC written
// with colons in lower case, and an endpoint with no DNS at all. Setup
// succeeds, passes the MAC through as HCN wrote it, and Teardown leaves
// nothing.
func validEdgeInput(m matrixPoint, r *reporter, b binding) {
	sp := m.newSimPod(r, b)
	mac := fmt.Sprintf("00:15:5d:%02x:00:01", 'a')
	sp.replaceEndpoint(func(ep *hcnmodel.Endpoint) {
		ep.MacAddress = mac
		ep.IpConfigurations = []hcnmodel.IpConfig{{IpAddress: "10.97.0.11", PrefixLength: 32}, {IpAddress: "FD00::B1", PrefixLength: 128}}
		ep.Routes = []hcnmodel.Route{{NextHop: "10.97.0.1", DestinationPrefix: "10.97.0.1/32"}, {DestinationPrefix: "FD00::1/128"}}
		ep.Dns = hcnmodel.Dns{}
	})
	if err := sp.ctrl.Setup(background()); err != nil {
		r.Fatalf("Setup with /32, /128 and a colon-form MAC: %v", err)
	}
	expectState(r, "after Setup", sp.ctrl, netcore.StateConfigured)
	if nic := sp.sim.world.NICOf(sp.fixture.endpoints[0].Id); nic == "" || sp.sim.world.VMNICs()[strings.ToLower(nic)].MAC != mac {
		r.Errorf("after Setup: the VM carries %v; want endpoint %s with MAC %q as HCN wrote it", sp.sim.world.VMNICs(), sp.fixture.endpoints[0].Id, mac)
	}
	sp.checkViolations(r, "Setup with edge values")
	sp.teardownClean(r, "Setup with edge values")
}
