package uvmnetcheck

import (
	"fmt"
	"net"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// linkView is what the pod's namespace holds for one interface, as
// netlink reads it back.
type linkView struct {
	Name   string
	Up     bool
	MTU    int
	MAC    string
	Addrs  []string // address/prefix, link-local ones left out
	Routes []string // the routes the agent added (protocol boot), any table
}

// podView is the pod's network namespace: its interfaces other than
// loopback, and its policy routing rules other than the kernel's own.
type podView struct {
	Links map[string]linkView
	Rules []string
}

// readPod reads the pod's namespace through netlink.
func readPod(t *testing.T, h *netlink.Handle) podView {
	t.Helper()
	links, err := h.LinkList()
	require.NoError(t, err)
	view := podView{Links: map[string]linkView{}}
	routes, err := h.RouteListFiltered(netlink.FAMILY_ALL, &netlink.Route{Table: unix.RT_TABLE_UNSPEC}, netlink.RT_FILTER_TABLE)
	require.NoError(t, err)
	for _, l := range links {
		a := l.Attrs()
		if a.Name == "lo" {
			continue
		}
		lv := linkView{Name: a.Name, Up: a.Flags&net.FlagUp != 0, MTU: a.MTU, MAC: a.HardwareAddr.String()}
		addrs, err := h.AddrList(l, netlink.FAMILY_ALL)
		require.NoError(t, err)
		for _, ad := range addrs {
			if ad.IP.IsLinkLocalUnicast() {
				continue
			}
			lv.Addrs = append(lv.Addrs, ad.IPNet.String())
		}
		for _, r := range routes {
			if r.LinkIndex == a.Index && r.Protocol == unix.RTPROT_BOOT {
				lv.Routes = append(lv.Routes, routeString(r.Dst, r.Gw, r.Priority, r.Table))
			}
		}
		sort.Strings(lv.Addrs)
		sort.Strings(lv.Routes)
		view.Links[a.Name] = lv
	}
	rules, err := h.RuleList(netlink.FAMILY_ALL)
	require.NoError(t, err)
	for _, r := range rules {
		switch r.Table {
		case unix.RT_TABLE_LOCAL, unix.RT_TABLE_MAIN, unix.RT_TABLE_DEFAULT:
			continue
		}
		view.Rules = append(view.Rules, ruleString(r.Src, r.Table, r.Priority))
	}
	sort.Strings(view.Rules)
	return view
}

// routeString is one route as the harness compares it.
func routeString(dst *net.IPNet, gw net.IP, metric, table int) string {
	d := "default"
	if dst != nil && !(dst.IP.IsUnspecified() && isZeroMask(dst.Mask)) {
		d = dst.String()
	}
	via := ""
	if gw != nil {
		via = " via " + gw.String()
	}
	return fmt.Sprintf("%s%s metric %d table %s", d, via, metric, tableName(table))
}

func isZeroMask(m net.IPMask) bool {
	ones, _ := m.Size()
	return ones == 0
}

func ruleString(src *net.IPNet, table, priority int) string {
	s := "all"
	if src != nil {
		s = src.String()
	}
	return fmt.Sprintf("pref %d from %s table %s", priority, s, tableName(table))
}

func tableName(t int) string {
	if t == unix.RT_TABLE_MAIN || t == 0 {
		return "main"
	}
	return fmt.Sprint(t)
}

// String prints a link as the test reports it.
func (l linkView) String() string {
	state := "down"
	if l.Up {
		state = "up"
	}
	return fmt.Sprintf("%s %s mtu %d mac %s\n      addresses: %s\n      routes:    %s",
		l.Name, state, l.MTU, l.MAC, strings.Join(l.Addrs, ", "), strings.Join(l.Routes, "; "))
}
