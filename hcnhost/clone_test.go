package hcnhost

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

func TestConvertSliceKeepsNilAndEmptyApart(t *testing.T) {
	assert.Nil(t, convertSlice([]int(nil), strconv.Itoa))
	assert.Equal(t, []string{}, convertSlice([]int{}, strconv.Itoa))
	assert.Equal(t, []string{"1", "2"}, convertSlice([]int{1, 2}, strconv.Itoa))
}

func TestClonesShareNothing(t *testing.T) {
	dns := hcnmodel.Dns{Search: []string{"a"}, ServerList: []string{"b"}, Options: []string{"c"}}
	extra := hcnmodel.ExtraParams{Resources: json.RawMessage(`{}`), SharedContainers: json.RawMessage(`[]`)}

	dnsCopy, extraCopy := cloneDNS(dns), cloneExtra(extra)
	dns.Search[0], dns.ServerList[0], dns.Options[0] = "x", "x", "x"
	extra.Resources[0], extra.SharedContainers[0] = 'x', 'x'

	assert.Equal(t, hcnmodel.Dns{Search: []string{"a"}, ServerList: []string{"b"}, Options: []string{"c"}}, dnsCopy)
	assert.Equal(t, hcnmodel.ExtraParams{Resources: json.RawMessage(`{}`), SharedContainers: json.RawMessage(`[]`)}, extraCopy)
}
