package uvmnetcheck

import (
	"encoding/json"
	"fmt"
	"net"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// pod is a pod network as CNI would leave it in HCN: the namespace's
// endpoints, in the order uvmnet hot-adds them (eth0 first), and whether
// the pod asks for policy-based routing.
type pod struct {
	name      string
	endpoints []*hcnmodel.Endpoint
	pbr       bool
}

// podSeq numbers the pods of one harness process: the agent keeps its
// namespaces in process-wide state, so every pod gets IDs of its own.
var podSeq atomic.Uint32

// endpointSpec is an endpoint in short: addresses as address/prefix,
// routes as "destination via next-hop metric m".
type endpointSpec struct {
	name   string
	addrs  []string
	routes []hcnmodel.Route
	encap  uint16
	dns    hcnmodel.Dns
}

// newPod builds a pod's namespace ID and endpoints, IDs and MACs fresh.
func newPod(name string, pbr bool, specs ...endpointSpec) pod {
	n := podSeq.Add(1)
	nsID := fmt.Sprintf("%08X-0000-4000-8000-00000000AB00", n)
	p := pod{name: name, pbr: pbr}
	for i, s := range specs {
		ep := &hcnmodel.Endpoint{
			Id:                   fmt.Sprintf("%08x-0000-4000-8000-0000000000%02x", n, i+1),
			Name:                 s.name,
			HostComputeNamespace: nsID,
			MacAddress:           fmt.Sprintf("00-15-5D-%02X-%02X-%02X", byte(n>>8), byte(n), byte(i+1)),
			Routes:               s.routes,
			Dns:                  s.dns,
		}
		for _, a := range s.addrs {
			ip, ipnet, err := net.ParseCIDR(a)
			if err != nil {
				panic(err)
			}
			ones, _ := ipnet.Mask.Size()
			ep.IpConfigurations = append(ep.IpConfigurations, hcnmodel.IpConfig{IpAddress: ip.String(), PrefixLength: uint8(ones)})
		}
		if s.encap != 0 {
			settings, _ := json.Marshal(hcnmodel.EncapOverheadEndpointPolicySetting{Overhead: s.encap})
			ep.Policies = append(ep.Policies, hcnmodel.EndpointPolicy{Type: hcnmodel.EncapOverhead, Settings: settings})
		}
		p.endpoints = append(p.endpoints, ep)
	}
	return p
}

func (p pod) namespace() *hcnmodel.Namespace {
	return &hcnmodel.Namespace{Id: p.endpoints[0].HostComputeNamespace, Type: hcnmodel.NamespaceTypeGuest}
}

func (p pod) namespaceID() string { return p.endpoints[0].HostComputeNamespace }

func route(dst, nextHop string, metric uint16) hcnmodel.Route {
	return hcnmodel.Route{DestinationPrefix: dst, NextHop: nextHop, Metric: metric}
}

// realisticPods are the pods the end-to-end test runs through the agent.
func realisticPods() []pod {
	clusterDNS := hcnmodel.Dns{Domain: "default.svc.cluster.local", Search: []string{"svc.cluster.local", "cluster.local"}, ServerList: []string{"10.96.0.10"}}
	return []pod{
		newPod("l2bridge", false, endpointSpec{
			name: "cni-l2bridge-eth0", addrs: []string{"10.1.0.5/24"}, dns: clusterDNS,
			routes: []hcnmodel.Route{route("0.0.0.0/0", "10.1.0.1", 0), route("10.96.0.0/12", "10.1.0.2", 10)},
		}),
		newPod("overlay", false, endpointSpec{
			name: "cni-overlay-eth0", addrs: []string{"10.244.1.7/24"}, encap: 50, dns: clusterDNS,
			routes: []hcnmodel.Route{route("0.0.0.0/0", "10.244.1.1", 0)},
		}),
		newPod("dual-stack", false, endpointSpec{
			name: "cni-dual-eth0", addrs: []string{"10.3.0.4/24", "fd00:3::4/64"},
			routes: []hcnmodel.Route{route("0.0.0.0/0", "10.3.0.1", 0), route("::/0", "fd00:3::1", 0)},
		}),
		newPod("several-addresses", false, endpointSpec{
			name: "cni-multi-eth0", addrs: []string{"10.4.0.4/24", "10.4.0.5/24", "192.168.40.4/24"},
			routes: []hcnmodel.Route{route("0.0.0.0/0", "10.4.0.1", 5), route("172.16.0.0/16", "192.168.40.1", 0)},
		}),
		newPod("two-nics-pbr", true,
			endpointSpec{name: "cni-a-eth0", addrs: []string{"10.5.0.4/24"}, routes: []hcnmodel.Route{route("0.0.0.0/0", "10.5.0.1", 0)}},
			endpointSpec{name: "cni-b-net1", addrs: []string{"10.6.0.4/24", "fd00:6::4/64"}, routes: []hcnmodel.Route{route("0.0.0.0/0", "10.6.0.1", 0), route("::/0", "fd00:6::1", 0)}},
		),
		newPod("two-nics-one-default", false,
			endpointSpec{name: "cni-a-eth0", addrs: []string{"10.7.0.4/24"}, routes: []hcnmodel.Route{route("0.0.0.0/0", "10.7.0.1", 0)}},
			endpointSpec{name: "cni-storage-net1", addrs: []string{"10.8.0.4/24"}, routes: []hcnmodel.Route{route("10.80.0.0/16", "10.8.0.1", 0)}},
		),
	}
}

// expectedLinks is what the agent must leave in the pod's namespace for
// p: its rules are network.go's Sync (with policy-based routing, every
// adapter after the first gets EnableLowMetric) and internal/guest/network
// netns.go's NetNSConfig and configureLink (MTU less the encap overhead;
// the link up; each address with its prefix; with EnableLowMetric a rule
// of priority 5 from each address to table 101, that table for the
// adapter's routes, and metric 500 for a route without one; a default
// route with an unspecified next hop skipped). The kernel stores an IPv6
// route added with metric 0 at metric 1024 (IP6_RT_PRIO_USER).
func expectedLinks(p pod) (map[string]linkView, []string) {
	const vethMTU = 1500
	links := map[string]linkView{}
	var rules []string
	for i, ep := range p.endpoints {
		low := p.pbr && i > 0
		lv := linkView{Name: fmt.Sprintf("eth%d", i), Up: true, MTU: vethMTU}
		mac, _ := net.ParseMAC(ep.MacAddress)
		lv.MAC = mac.String()
		table := 0
		for _, ipc := range ep.IpConfigurations {
			ip := net.ParseIP(ipc.IpAddress)
			lv.Addrs = append(lv.Addrs, fmt.Sprintf("%s/%d", ip, ipc.PrefixLength))
			if low {
				bits := 128
				if ip.To4() != nil {
					bits = 32
				}
				rules = append(rules, ruleString(&net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)}, 101, 5))
				table = 101
			}
		}
		for _, r := range ep.Routes {
			def := r.DestinationPrefix == "0.0.0.0/0" || r.DestinationPrefix == "::/0"
			gw := net.ParseIP(r.NextHop)
			if def && gw.IsUnspecified() {
				continue
			}
			var dst *net.IPNet
			if !def {
				ip, n, _ := net.ParseCIDR(r.DestinationPrefix)
				n.IP = ip
				dst = n
			}
			metric := int(r.Metric)
			if low && metric == 0 {
				metric = 500
			}
			if metric == 0 && strings.Contains(r.DestinationPrefix, ":") {
				metric = 1024
			}
			lv.Routes = append(lv.Routes, routeString(dst, gw, metric, table))
		}
		for _, pol := range ep.Policies {
			if pol.Type == hcnmodel.EncapOverhead {
				var s hcnmodel.EncapOverheadEndpointPolicySetting
				_ = json.Unmarshal(pol.Settings, &s)
				lv.MTU = vethMTU - int(s.Overhead)
			}
		}
		sort.Strings(lv.Addrs)
		sort.Strings(lv.Routes)
		links[lv.Name] = lv
	}
	sort.Strings(rules)
	return links, rules
}
