package hcnhost

import (
	"bytes"
	"slices"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// convertSlice converts each element of in, keeping a nil slice nil and an
// empty one empty, as a decoded document has them.
func convertSlice[To, From any](in []From, convert func(From) To) []To {
	if in == nil {
		return nil
	}
	out := make([]To, len(in))
	for i, e := range in {
		out[i] = convert(e)
	}
	return out
}

// cloneDNS copies d's lists so the copy shares no backing array with d.
func cloneDNS(d hcnmodel.Dns) hcnmodel.Dns {
	d.Search = slices.Clone(d.Search)
	d.ServerList = slices.Clone(d.ServerList)
	d.Options = slices.Clone(d.Options)
	return d
}

// cloneExtra copies e's raw JSON values so the copy shares no bytes with e.
func cloneExtra(e hcnmodel.ExtraParams) hcnmodel.ExtraParams {
	e.Resources = bytes.Clone(e.Resources)
	e.SharedContainers = bytes.Clone(e.SharedContainers)
	return e
}
