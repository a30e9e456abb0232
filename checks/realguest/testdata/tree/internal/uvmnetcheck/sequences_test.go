package uvmnetcheck

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/uvmnet/uvmnet/netlcow"
)

// The request sequences the differential feeds to the real agent and to
// the suite's simulated one. Names stand for IDs: S1, S2 for network
// namespaces, N1... for NICs; each run gives them fresh GUIDs (the agent's
// state is process-wide).

// stepKind is what a step does.
type stepKind int

const (
	hotAdd      stepKind = iota // the VM hot-adds the NIC
	hotRemove                   // the VM hot-removes it
	guestAdd                    // guest request: Add the NIC's adapter to the namespace
	guestRemove                 // guest request: Remove it
	guestRaw                    // guest request: a document of the step's own
	startPod                    // the pod's sandbox starts (AssignContainerPid, Sync)
)

// step is one step of a sequence, and the real agent's answer to it.
type step struct {
	kind stepKind
	ns   string // S1, S2, "" (none); for guestAdd, upper- or lower-cased as given
	nic  string // N1, N2, ...; lower-case n1 for the same NIC ID lower-cased
	net  nicNet // guestAdd: what the adapter carries
	raw  string // guestRaw: the request, names replaced
	ok   bool   // the real agent accepts
}

// nicNet is the network an adapter document carries: a default route of
// its own (with the given metric) unless noDefault, an IPv6 one too with
// v6, and policy-based routing.
type nicNet struct {
	noDefault   bool
	metric      uint16
	v6          bool
	pbr         bool
	dnsServers  string
	unspecified bool // the default route's next hop is 0.0.0.0
}

// sequence is a named list of steps.
type sequence struct {
	name  string
	steps []step
	// waits says a step waits out the agent's 5 s for a device.
	waits bool
}

func add(ns, nic string, ok bool) step { return step{kind: guestAdd, ns: ns, nic: nic, ok: ok} }
func addNet(ns, nic string, n nicNet, ok bool) step {
	return step{kind: guestAdd, ns: ns, nic: nic, net: n, ok: ok}
}
func remove(ns, nic string) step          { return step{kind: guestRemove, ns: ns, nic: nic, ok: true} }
func hot(nic string) step                 { return step{kind: hotAdd, nic: nic, ok: true} }
func unhot(nic string) step               { return step{kind: hotRemove, nic: nic, ok: true} }
func start(ns string, ok bool) step       { return step{kind: startPod, ns: ns, ok: ok} }
func raw(doc string, ok bool) step        { return step{kind: guestRaw, raw: doc, ok: ok} }
func seq(name string, s ...step) sequence { return sequence{name: name, steps: s} }

// sequences are every request kind tried, before and after the sandbox
// starts, each step with the real agent's answer.
func sequences() []sequence {
	adapter := `{"NamespaceID":"S1","ID":"N1","MacAddress":"M1","IPConfigs":[{"IPAddress":"10.50.1.4","PrefixLength":24}]}`
	v4 := nicNet{noDefault: true}
	return []sequence{
		// Before the sandbox starts.
		seq("add after the hot-add", hot("N1"), add("S1", "N1", true)),
		seq("repeated add", hot("N1"), add("S1", "N1", true), add("S1", "N1", false)),
		seq("repeated add, ID in other case", hot("N1"), add("S1", "N1", true), add("S1", "n1", false)),
		seq("namespace ID in other case", hot("N1"), add("S1", "N1", true), remove("s1", "N1")),
		seq("remove of an adapter the namespace lacks", hot("N1"), add("S1", "N1", true), remove("S1", "N2")),
		seq("remove from an unknown namespace", remove("S2", "N1")),
		seq("repeated remove", hot("N1"), add("S1", "N1", true), remove("S1", "N1"), remove("S1", "N1")),
		{name: "add before the hot-add", waits: true, steps: []step{add("S1", "N1", false)}},
		{name: "add after the hot-remove", waits: true, steps: []step{hot("N1"), unhot("N1"), add("S1", "N1", false)}},
		seq("one NIC in a second namespace", hot("N1"), add("S1", "N1", true), add("S2", "N1", true)),
		seq("adapter naming no namespace", hot("N1"), add("", "N1", true)),
		seq("request still wrapped for HCS", hot("N1"), raw(`{"GuestRequest":{"RequestType":"Add","ResourceType":"Network","Settings":`+adapter+`}}`, false)),
		seq("settings null", raw(`{"RequestType":"Add","ResourceType":"Network","Settings":null}`, false)),
		seq("settings not an object", raw(`{"RequestType":"Add","ResourceType":"Network","Settings":"N1"}`, false)),
		seq("settings absent", raw(`{"RequestType":"Add","ResourceType":"Network"}`, false)),
		seq("request type Update", hot("N1"), raw(`{"RequestType":"Update","ResourceType":"Network","Settings":`+adapter+`}`, false)),
		seq("request type empty, taken as Add", hot("N1"), raw(`{"ResourceType":"Network","Settings":`+adapter+`}`, true)),
		seq("keys in lower case", hot("N1"), raw(`{"requesttype":"Add","resourcetype":"Network","settings":`+strings.ToLower(adapter)+`}`, true)),
		seq("resource type in lower case", hot("N1"), raw(`{"RequestType":"Add","ResourceType":"network","Settings":`+adapter+`}`, false)),
		seq("unknown key in the adapter", hot("N1"), raw(`{"RequestType":"Add","ResourceType":"Network","Settings":`+strings.Replace(adapter, `{"NamespaceID"`, `{"Extra":1,"NamespaceID"`, 1)+`}`, true)),
		// Once the sandbox runs.
		seq("add after the sandbox starts", hot("N1"), add("S1", "N1", true), start("S1", true), hot("N2"), add("S1", "N2", false)),
		seq("sandbox started with no adapter, then two adds", hot("N1"), add("S1", "N1", true), remove("S1", "N1"), start("S1", true),
			hot("N2"), add("S1", "N2", true), hot("N3"), add("S1", "N3", false)),
		seq("the agent made to forget, then an add", hot("N1"), add("S1", "N1", true), start("S1", true), remove("S1", "N1"), hot("N2"), addNet("S1", "N2", v4, true)),
		seq("the agent made to forget, then an add with a default route", hot("N1"), add("S1", "N1", true), start("S1", true), remove("S1", "N1"), hot("N2"), add("S1", "N2", false)),
		seq("remove while the sandbox runs", hot("N1"), add("S1", "N1", true), start("S1", true), remove("S1", "N1"), unhot("N1")),
		seq("sandbox started twice", hot("N1"), add("S1", "N1", true), start("S1", true), start("S1", false)),
		seq("sandbox of an unknown namespace", start("S1", false)),
		seq("two default routes, one metric", hot("N1"), hot("N2"), add("S1", "N1", true), add("S1", "N2", true), start("S1", false)),
		seq("two default routes, distinct metrics", hot("N1"), hot("N2"), add("S1", "N1", true), addNet("S1", "N2", nicNet{metric: 10}, true), start("S1", true)),
		seq("two IPv6 default routes, one metric", hot("N1"), hot("N2"), addNet("S1", "N1", nicNet{noDefault: true, v6: true}, true),
			addNet("S1", "N2", nicNet{noDefault: true, v6: true}, true), start("S1", false)),
		seq("two default routes, next hop unspecified on one", hot("N1"), hot("N2"), add("S1", "N1", true), addNet("S1", "N2", nicNet{unspecified: true}, true), start("S1", true)),
		seq("one default route, one subnet route", hot("N1"), hot("N2"), add("S1", "N1", true), addNet("S1", "N2", v4, true), start("S1", true)),
		seq("two default routes, policy-based routing", hot("N1"), hot("N2"), addNet("S1", "N1", nicNet{pbr: true}, true), addNet("S1", "N2", nicNet{pbr: true}, true), start("S1", true)),
		seq("three default routes, policy-based routing", hot("N1"), hot("N2"), hot("N3"), addNet("S1", "N1", nicNet{pbr: true}, true),
			addNet("S1", "N2", nicNet{pbr: true}, true), addNet("S1", "N3", nicNet{pbr: true}, true), start("S1", false)),
		seq("DNS server with an IPv6 zone", hot("N1"), addNet("S1", "N1", nicNet{dnsServers: "fe80::1%ethernet,10.96.0.10"}, true), start("S1", true)),
	}
}

// ids are one run's IDs for a sequence's names.
type ids struct {
	ns  map[string]string
	nic map[string]string
	mac map[string]string
	n   map[string]int // the NIC's number, for its addresses
}

// newIDs draws the IDs of run k.
func newIDs(k int) ids {
	v := ids{ns: map[string]string{}, nic: map[string]string{}, mac: map[string]string{}, n: map[string]int{}}
	for i := 1; i <= 2; i++ {
		v.ns[fmt.Sprintf("S%d", i)] = fmt.Sprintf("%08X-5EC0-4000-8000-0000000000%02X", k, i)
	}
	for i := 1; i <= 3; i++ {
		name := fmt.Sprintf("N%d", i)
		v.nic[name] = fmt.Sprintf("%08X-DEF0-4000-8000-0000000000%02X", k, i)
		v.mac[name] = fmt.Sprintf("00-15-5D-E0-%02X-%02X", byte(k), i)
		v.n[name] = i
	}
	return v
}

// namespace is the namespace ID a step names, its letter case kept.
func (v ids) namespace(name string) string {
	if name == "" {
		return ""
	}
	id := v.ns[strings.ToUpper(name)]
	if name != strings.ToUpper(name) {
		return strings.ToLower(id)
	}
	return id
}

// nicID is the NIC ID a step names, its letter case kept.
func (v ids) nicID(name string) string {
	id := v.nic[strings.ToUpper(name)]
	if name != strings.ToUpper(name) {
		return strings.ToLower(id)
	}
	return id
}

// request is the guest request of a step, as bytes on the wire.
func (v ids) request(s step) []byte {
	switch s.kind {
	case guestRaw:
		r := strings.NewReplacer("S1", v.ns["S1"], "N1", v.nic["N1"], "M1", v.mac["N1"],
			"s1", strings.ToLower(v.ns["S1"]), "n1", strings.ToLower(v.nic["N1"]), "m1", strings.ToLower(v.mac["N1"]))
		return []byte(r.Replace(s.raw))
	case guestAdd, guestRemove:
		a := v.adapter(s)
		rt := "Add"
		if s.kind == guestRemove {
			rt = "Remove"
		}
		b, err := json.Marshal(struct {
			RequestType, ResourceType string
			Settings                  *netlcow.Adapter
		}{rt, "Network", a})
		if err != nil {
			panic(err)
		}
		return b
	}
	panic("not a guest request")
}

// adapter is the adapter document of a guest add or remove: each NIC an
// address of its own, in 10.50.<NIC>.0/24 (and fd00:50:<NIC>::/64).
func (v ids) adapter(s step) *netlcow.Adapter {
	n := v.n[strings.ToUpper(s.nic)]
	a := &netlcow.Adapter{
		NamespaceID:        v.namespace(s.ns),
		ID:                 v.nicID(s.nic),
		MacAddress:         v.mac[strings.ToUpper(s.nic)],
		DNSServerList:      s.net.dnsServers,
		PolicyBasedRouting: s.net.pbr,
		IPConfigs:          []netlcow.IPConfig{{IPAddress: fmt.Sprintf("10.50.%d.4", n), PrefixLength: 24}},
	}
	if s.kind == guestRemove {
		return &netlcow.Adapter{NamespaceID: a.NamespaceID, ID: a.ID}
	}
	if !s.net.noDefault {
		hop := fmt.Sprintf("10.50.%d.1", n)
		if s.net.unspecified {
			hop = "0.0.0.0"
		}
		a.Routes = append(a.Routes, netlcow.Route{DestinationPrefix: "0.0.0.0/0", NextHop: hop, Metric: s.net.metric})
	} else {
		a.Routes = append(a.Routes, netlcow.Route{DestinationPrefix: fmt.Sprintf("10.60.%d.0/24", n), NextHop: fmt.Sprintf("10.50.%d.1", n)})
	}
	if s.net.v6 {
		a.IPConfigs = append(a.IPConfigs, netlcow.IPConfig{IPAddress: fmt.Sprintf("fd00:50:%d::4", n), PrefixLength: 64})
		a.Routes = append(a.Routes, netlcow.Route{DestinationPrefix: "::/0", NextHop: fmt.Sprintf("fd00:50:%d::1", n)})
	}
	return a
}
