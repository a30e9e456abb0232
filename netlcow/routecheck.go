package netlcow

import (
	"fmt"
	"net/netip"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// CheckRoutes refuses a pod whose routes hcsshim v0.15.0's Linux guest
// agent cannot all add, so that its sandbox never starts. When the sandbox
// starts, the agent adds each NIC's routes in the pod's namespace, NIC by
// NIC in the order given (eth0 first), and fails the sandbox on the first
// route the pod's table holds already with the same destination and
// metric ("file exists"; internal/guest/network/netns.go, configureLink,
// called from internal/guest/runtime/hcsv2/network.go, Sync). With
// policy-based routing every NIC after the first gets EnableLowMetric
// (Sync): its routes go to table 101, with metric 500 when they carry
// none. A default route whose next hop is unspecified is not added.
//
// So, measured against the real agent (uvmnet's checks/realguest): two
// NICs each with a default route of one family and one metric fail
// without policy-based routing, and pass with it or with distinct
// metrics; with policy-based routing, a third NIC with a default route
// fails too (the second and third meet in table 101).
//
// The error names both endpoints, the route and the remedy, and is
// classed invalid argument. endpoints are the pod's, in the order the
// guest receives them.
func CheckRoutes(policyBasedRouting bool, endpoints []*hcnmodel.Endpoint) error {
	type holder struct {
		ep    *hcnmodel.Endpoint
		route hcnmodel.Route
	}
	seen := map[routeKey]holder{}
	for i, ep := range endpoints {
		if ep == nil {
			continue
		}
		lowMetric := policyBasedRouting && i > 0
		for _, r := range ep.Routes {
			key, added := agentRoute(r, lowMetric)
			if !added {
				continue
			}
			if first, clash := seen[key]; clash {
				return routeClash(first.ep, first.route, ep, r, key, policyBasedRouting)
			}
			seen[key] = holder{ep, r}
		}
	}
	return nil
}

// routeKey is what the pod's routing table tells routes apart by.
type routeKey struct {
	table  int
	dst    netip.Prefix
	metric uint16
}

// agentRoute is the route the agent adds for r; added is false for one it
// skips (a default route with an unspecified next hop) or cannot parse
// (the controller's validation refuses those first).
func agentRoute(r hcnmodel.Route, lowMetric bool) (routeKey, bool) {
	dst, err := netip.ParsePrefix(r.DestinationPrefix)
	if err != nil {
		return routeKey{}, false
	}
	dst = dst.Masked()
	if dst.Bits() == 0 {
		// The agent skips a default route with an unspecified next hop.
		if hop, err := netip.ParseAddr(r.NextHop); err == nil && hop.IsUnspecified() {
			return routeKey{}, false
		}
	}
	key := routeKey{table: 254, dst: dst, metric: r.Metric}
	if dst.Addr().Is6() && key.metric == 0 {
		key.metric = 1024 // the kernel's metric for an IPv6 route added without one
	}
	if lowMetric {
		key.table = 101
		if key.metric == 0 {
			key.metric = 500
		}
	}
	return key, true
}

func routeClash(first *hcnmodel.Endpoint, fr hcnmodel.Route, second *hcnmodel.Endpoint, sr hcnmodel.Route, key routeKey, pbr bool) error {
	table := "main table"
	if key.table == 101 {
		table = "table 101"
	}
	remedy := "turn on policy-based routing for the pod, give the routes distinct metrics, or drop one of them"
	if pbr {
		remedy = "give the routes distinct metrics (with policy-based routing every NIC after the first has its routes in table 101, at metric 500 when they carry none) or drop one of them"
	}
	return fmt.Errorf("endpoint %s (%s) route %s via %q metric %d and endpoint %s (%s) route %s via %q metric %d: "+
		"both go to the pod's %s as %s metric %d, and hcsshim v0.15.0's Linux guest agent fails the second (\"file exists\"), so the pod's sandbox never starts: %s: %w",
		first.Id, first.Name, fr.DestinationPrefix, fr.NextHop, fr.Metric,
		second.Id, second.Name, sr.DestinationPrefix, sr.NextHop, sr.Metric,
		table, key.dst, key.metric, remedy, errdefs.ErrInvalidArgument)
}

// CheckPod is netcore.PodChecker: a pod whose adapters the guest receives
// must pass [CheckRoutes]. A guest that does not take adapters configures
// its NICs itself, and nothing is checked.
func (guestSteps) CheckPod(pod netcore.PodNetwork, endpoints []*hcnmodel.Endpoint) error {
	if !pod.GuestNamespaceSupported {
		return nil
	}
	if err := CheckRoutes(pod.PolicyBasedRouting, endpoints); err != nil {
		return fmt.Errorf("pod network %s: %w", pod.NamespaceID, err)
	}
	return nil
}

var _ netcore.PodChecker = guestSteps{}
