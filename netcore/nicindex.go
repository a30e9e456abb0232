package netcore

import (
	"slices"
	"strings"
)

// nicIndex finds a tracked NIC by what it holds, so that a hot-plug call
// checks the endpoint it attaches, and draws its NIC ID, in constant time
// whatever the pod's size: attaching endpoints one call at a time would
// otherwise cost a pass over every tracked NIC per call, and grow with the
// square of the pod. Keys are lower-cased IDs and parsed MACs, the forms
// in which two spellings of one identity compare equal.
type nicIndex struct {
	byID       map[string]*nic
	byEndpoint map[string]*nic
	byMAC      map[[6]byte]*nic
}

// index returns the index of the NICs tracked now, building it on first
// use after the list was replaced wholesale (Import, a hand-over).
func (c *Controller) index() *nicIndex {
	if c.idx == nil {
		c.idx = &nicIndex{
			byID:       make(map[string]*nic, len(c.nics)),
			byEndpoint: make(map[string]*nic, len(c.nics)),
			byMAC:      make(map[[6]byte]*nic, len(c.nics)),
		}
		for _, n := range c.nics {
			c.idx.add(n)
		}
	}
	return c.idx
}

func (x *nicIndex) add(n *nic) {
	x.byID[strings.ToLower(n.info.ID)] = n
	if n.info.Endpoint == nil {
		return
	}
	x.byEndpoint[strings.ToLower(n.info.Endpoint.Id)] = n
	if mac, reason := parseMAC(n.info.Endpoint.MacAddress); reason == "" {
		x.byMAC[mac] = n
	}
}

// remove forgets n, and only n: a key another NIC holds stays its.
func (x *nicIndex) remove(n *nic) {
	deleteIf(x.byID, strings.ToLower(n.info.ID), n)
	if n.info.Endpoint == nil {
		return
	}
	deleteIf(x.byEndpoint, strings.ToLower(n.info.Endpoint.Id), n)
	if mac, reason := parseMAC(n.info.Endpoint.MacAddress); reason == "" {
		deleteIf(x.byMAC, mac, n)
	}
}

func deleteIf[K comparable](m map[K]*nic, k K, n *nic) {
	if m[k] == n {
		delete(m, k)
	}
}

// smallPod is how many NICs a pod may hold and still be searched one by
// one: Setup and a small pod's hot-plug never build the index, so a
// configured pod retains no map it does not need.
const smallPod = 8

// trackedIDs returns the index of tracked NICs by lower-cased NIC ID, or
// nil while none is built and the pod is small enough to be searched one
// NIC at a time (see trackedID).
func (c *Controller) trackedIDs() map[string]*nic {
	if c.idx == nil && len(c.nics) <= smallPod {
		return nil
	}
	return c.index().byID
}

// trackedID returns the tracked NIC whose ID is key (lower-cased), through
// byID, or, when that is nil, by searching the list.
func (c *Controller) trackedID(byID map[string]*nic, key string) *nic {
	if byID != nil {
		return byID[key]
	}
	for _, n := range c.nics {
		if strings.EqualFold(n.info.ID, key) {
			return n
		}
	}
	return nil
}

// track appends n to the NIC list, in attach order, and to the index.
func (c *Controller) track(n *nic) {
	c.nics = append(c.nics, n)
	if c.idx != nil {
		c.idx.add(n)
	}
}

// untrackAll forgets every NIC.
func (c *Controller) untrackAll() {
	c.nics = nil
	c.idx = nil
}

// dropRemoved forgets NICs that reached Removed, keeping attach order.
// The list is rebuilt, never compacted in place: a view Describe may be
// reading shares the old one (see [Controller.publish]).
func (c *Controller) dropRemoved() {
	removed := func(n *nic) bool { return n.current().IsTerminal() }
	if slices.ContainsFunc(c.nics, removed) {
		c.forget(removed)
	}
	c.publish()
}

// dropDetached forgets those of ns that reached Removed: the NICs one
// hot-plug call detached. It looks at ns only, so a call that detached
// one NIC does not inspect the rest of the pod; what it still costs per
// tracked NIC is one pointer copied into the rebuilt list.
func (c *Controller) dropDetached(ns []*nic) {
	var gone []*nic
	for _, n := range ns {
		if n.current().IsTerminal() {
			gone = append(gone, n)
		}
	}
	switch {
	case len(gone) == 1:
		c.forgetOne(gone[0])
	case len(gone) > 1:
		set := make(map[*nic]bool, len(gone))
		for _, n := range gone {
			set[n] = true
		}
		c.forget(func(n *nic) bool { return set[n] })
	}
	c.publish()
}

// forgetOne is forget for one NIC, found from the end of the list, where
// a hot-plug call's own NICs are.
func (c *Controller) forgetOne(n *nic) {
	i := len(c.nics) - 1
	for i >= 0 && c.nics[i] != n {
		i--
	}
	if i < 0 {
		return
	}
	// The same capacity: the next attach appends without copying again.
	kept := make([]*nic, len(c.nics)-1, cap(c.nics))
	copy(kept, c.nics[:i])
	copy(kept[i:], c.nics[i+1:])
	c.nics = kept
	if c.idx != nil {
		c.idx.remove(n)
	}
}

// forget rebuilds the NIC list without the NICs drop says to, and takes
// them out of the index.
func (c *Controller) forget(drop func(*nic) bool) {
	keep := 0
	for _, n := range c.nics {
		if !drop(n) {
			keep++
		}
	}
	var kept []*nic
	if keep > 0 {
		kept = make([]*nic, 0, keep)
	}
	for _, n := range c.nics {
		if !drop(n) {
			kept = append(kept, n)
		} else if c.idx != nil {
			c.idx.remove(n)
		}
	}
	c.nics = kept
}
