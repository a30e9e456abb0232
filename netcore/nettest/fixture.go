package nettest

import (
	"fmt"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Pod builds a namespace with n endpoints that pass the controller's
// validation, the last one named as the pod's eth0 and the only one with
// a default route (two default routes of one metric in the pod's main
// table are what hcsshim's Linux guest agent fails, and netlcow refuses),
// and stores it in h.
// Namespace and endpoint IDs derive from seed, so many pods can share one
// Host. It returns the namespace ID.
//
// Endpoint i of pod seed is numbered seed*256+i in a 24-bit space: its MAC
// is 00-15-5D followed by that number, and its address is 10.0.0.2 plus
// it. Within a pod both stay unique up to 2^24-2 endpoints; a pod of more
// than 256 endpoints borrows the numbers of the next seeds' pods, so give
// pods that must not share addresses seeds that far apart.
func (h *Host) Pod(seed, n int) string {
	nsID := fmt.Sprintf("%08x-0000-4000-8000-000000000000", seed)
	ns := &hcnmodel.Namespace{Id: nsID, Type: hcnmodel.NamespaceTypeGuest}
	eps := make([]*hcnmodel.Endpoint, n)
	for i := range eps {
		name := fmt.Sprintf("pod%d-net%d", seed, i)
		if i == n-1 {
			name = fmt.Sprintf("pod%d-eth0", seed)
		}
		k := uint32(seed<<8+i) & 0xffffff
		addr := k + 2
		var routes []hcnmodel.Route
		if i == n-1 {
			routes = []hcnmodel.Route{{DestinationPrefix: "0.0.0.0/0", NextHop: fmt.Sprintf("10.%d.0.1", byte(seed>>8))}}
		}
		eps[i] = &hcnmodel.Endpoint{
			Id:                   fmt.Sprintf("%08x-0000-4000-8000-%012x", seed, i+1),
			Name:                 name,
			HostComputeNamespace: nsID,
			MacAddress:           fmt.Sprintf("00-15-5D-%02X-%02X-%02X", byte(k>>16), byte(k>>8), byte(k)),
			IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.%d.%d.%d", byte(addr>>16), byte(addr>>8), byte(addr)), PrefixLength: 16}},
			Routes:               routes,
			Dns:                  hcnmodel.Dns{Domain: "pod.cluster.local", Search: []string{"svc.cluster.local"}, ServerList: []string{"10.96.0.10"}},
		}
	}
	h.AddNamespace(ns, eps...)
	return nsID
}
