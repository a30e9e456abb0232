package simworld

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The Linux guest agent once the pod's sandbox runs, as hcsshim v0.15.0's
// agent behaves (measured against the real agent by uvmnet's realguest
// check). Every rule below names the function it comes from, under
// internal/guest/runtime/hcsv2/ in hcsshim's tree unless it says otherwise.
//
// The agent keeps, per network namespace, its adapters in the order they
// were added (network.go, namespace.nics) and, once the sandbox container
// is created, the sandbox's pid (uvm.go, CreateContainer: AssignContainerPid
// then Sync). Sync, which every later add runs too (uvm.go, modifyNetwork),
// moves and configures every adapter it holds, in order, each time
// (network.go, Sync and assignToPid): an adapter it moved before is no
// longer in the agent's namespace, so Sync fails on it ("failed to move
// interface ...: Link not found") and any add after the sandbox starts
// fails, unless the namespace held no adapter when it started or the
// agent was made to forget the moved ones first (RemoveAdapter).
//
// Configuring an adapter adds its routes to the pod
// (internal/guest/network/netns.go, configureLink): with policy-based
// routing every adapter after the first gets EnableLowMetric (Sync),
// which puts its routes in table 101 with metric 500 when they carry none;
// a default route whose next hop is unspecified is skipped; a route the
// pod's table holds already, with the same destination and metric, fails
// ("file exists"), so two adapters each with a default route of one
// family and one metric, without policy-based routing, stop the sandbox
// from starting.

// LinuxNetwork is what of a Linux adapter document the agent's Sync reads
// for the rules the world keeps: the routes, and whether the pod asked
// for policy-based routing.
type LinuxNetwork struct {
	PolicyBasedRouting bool
	Routes             []hcnmodel.Route
}

// linuxNamespace is a network namespace as the Linux agent keeps it.
type linuxNamespace struct {
	started bool
	nics    []*linuxNIC
	// routes are the routes the agent added in the pod, by routeKey.
	routes map[string]bool
}

// linuxNIC is one adapter the agent holds.
type linuxNIC struct {
	key   string
	net   LinuxNetwork
	moved bool // moved into the pod's namespace by a Sync
}

// linuxNS returns the agent's namespace id (lower-cased), creating it as
// an add does (network.go, GetOrAddNetworkNamespace). Callers hold the
// world's lock.
func (w *World) linuxNS(id string) *linuxNamespace {
	if w.linux == nil {
		w.linux = map[string]*linuxNamespace{}
	}
	ns := w.linux[id]
	if ns == nil {
		ns = &linuxNamespace{routes: map[string]bool{}}
		w.linux[id] = ns
	}
	return ns
}

// StartSandbox is the pod's sandbox container starting in a Linux guest:
// the agent assigns the sandbox's pid to the pod's network namespace and
// runs Sync (uvm.go, CreateContainer). It refuses a namespace it does not
// know (getNetworkNamespace: no add ever named it) and a second start
// (AssignContainerPid: "previously assigned container pid"), and fails as
// Sync fails (see above).
func (g *Guest) StartSandbox(ctx context.Context, namespaceID string) error {
	w := g.w
	return w.call(ctx, Call{Manager: GuestCall, Site: "guest.StartSandbox", Subject: namespaceID}, func() error {
		id := strings.ToLower(namespaceID)
		ns := w.linux[id]
		switch {
		case ns == nil:
			return fmt.Errorf("%w: namespace %q not found", ErrRefused, id)
		case ns.started:
			return fmt.Errorf("%w: a container pid was assigned to network namespace %q already", ErrRefused, id)
		}
		ns.started = true
		return w.syncLinux(ns)
	})
}

// syncLinux is the agent's Sync. Callers hold the world's lock.
func (w *World) syncLinux(ns *linuxNamespace) error {
	if !ns.started {
		return nil
	}
	for i, n := range ns.nics {
		if _, onVM := w.vmNICs[n.key]; n.moved || !onVM {
			return fmt.Errorf("%w: failed to move interface of adapter %s to network namespace: Link not found", ErrRefused, n.key)
		}
		n.moved = true
		if w.linuxInPod == nil {
			w.linuxInPod = map[string]bool{}
		}
		w.linuxInPod[n.key] = true
		low := n.net.PolicyBasedRouting && i > 0
		for _, r := range n.net.Routes {
			key, skip := routeKey(r, low)
			if skip {
				continue
			}
			if ns.routes[key] {
				return fmt.Errorf("%w: adapter %s: adding route %s: file exists", ErrRefused, n.key, key)
			}
			ns.routes[key] = true
		}
	}
	return nil
}

// routeKey is what the pod's routing table tells routes apart by: table,
// destination and metric (netns.go, configureLink, as the kernel keys
// them). skip is set for a default route with an unspecified next hop,
// which the agent does not add.
func routeKey(r hcnmodel.Route, lowMetric bool) (key string, skip bool) {
	dst := r.DestinationPrefix
	if p, err := netip.ParsePrefix(dst); err == nil {
		dst = p.Masked().String()
	}
	if dst == "0.0.0.0/0" || dst == "::/0" {
		if hop, err := netip.ParseAddr(r.NextHop); err == nil && hop.IsUnspecified() {
			return "", true
		}
	}
	table, metric := "main", r.Metric
	if lowMetric {
		table = "101"
		if metric == 0 {
			metric = 500
		}
	}
	return fmt.Sprintf("%s metric %d table %s", dst, metric, table), false
}

// linuxMoved says whether a Sync moved the NIC into a pod, where it
// stays when the agent forgets it. (A NIC ID hot-added again after its
// hot-remove would be a new device; controllers take fresh IDs.) Callers
// hold the world's lock.
func (w *World) linuxMoved(key string) bool { return w.linuxInPod[key] }

// recordLinuxAdd files an adapter the agent accepted, in order, and runs
// Sync as the agent's add does. Callers hold the world's lock.
func (w *World) recordLinuxAdd(ns *linuxNamespace, key string, n LinuxNetwork) error {
	ns.nics = append(ns.nics, &linuxNIC{key: key, net: n})
	return w.syncLinux(ns)
}

// recordLinuxRemove makes the agent forget an adapter (RemoveAdapter):
// the pod keeps the interface and its routes. Callers hold the world's
// lock.
func (w *World) recordLinuxRemove(id, key string) {
	if ns := w.linux[id]; ns != nil {
		ns.nics = slices.DeleteFunc(ns.nics, func(n *linuxNIC) bool { return n.key == key })
	}
}

// LinuxAdapters lists the adapters the Linux agent holds for a namespace,
// lower-cased, in the order it holds them, and whether it knows the
// namespace at all.
func (w *World) LinuxAdapters(namespaceID string) (ids []string, known bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	ns := w.linux[strings.ToLower(namespaceID)]
	if ns == nil {
		return nil, false
	}
	for _, n := range ns.nics {
		ids = append(ids, n.key)
	}
	return ids, true
}
