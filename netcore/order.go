package netcore

import (
	"slices"
	"strings"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// primaryNameSuffix marks the endpoint CNI meant as the pod's primary
// interface. The controller has no CNI result to ask, so the name is the
// only hint it gets.
const primaryNameSuffix = "eth0"

// orderForGuest moves the primary endpoint first and keeps HCN's order for
// the rest: the guest names NICs in arrival order, so the first NIC added
// becomes eth0.
func orderForGuest(endpoints []*hcnmodel.Endpoint) {
	slices.SortStableFunc(endpoints, func(a, b *hcnmodel.Endpoint) int {
		return primaryFirst(a.Name, b.Name)
	})
}

// primaryFirst orders two endpoints by name so that the primary one comes
// first; it says nothing of two that are both primary or both not.
func primaryFirst(a, b string) int {
	ap, bp := strings.HasSuffix(a, primaryNameSuffix), strings.HasSuffix(b, primaryNameSuffix)
	switch {
	case ap && !bp:
		return -1
	case bp && !ap:
		return 1
	}
	return 0
}
