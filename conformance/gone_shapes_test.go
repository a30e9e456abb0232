package conformance_test

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

// The wire run's gone-shape matrix lists, per call site, every shape it
// injected there: every row of hcsshim's gone classification for the
// transport the call goes on, and every answer that must not count as
// gone.
func TestGoneShapesListedPerCallSite(t *testing.T) {
	reps, err := conformance.Suite{Seed: 7, Match: regexp.MustCompile(`/faults/gone-shapes/`)}.Check(conformance.Bind(lcow.Platform(), lcow.Uvmnet()))
	require.NoError(t, err)
	require.Len(t, reps, 1)
	rep := reps[0]
	shapes := map[string][]string{}
	for _, s := range rep.CallSites() {
		site, shape, ok := strings.Cut(s, " [")
		if ok {
			shapes[site] = append(shapes[site], strings.TrimSuffix(shape, "]"))
		}
	}
	notGone := []string{"HCS_E_INVALID_STATE 0x80370105", "guest agent E_FAIL 0x80004005", "context canceled", "context deadline exceeded", "a message that says closed"}
	vmRows := slices.Sorted(maps.Keys(hcsmodifytest.VMGoneErrors("uvm")))
	guestRows := slices.Sorted(maps.Keys(hcsmodifytest.GuestGoneErrors()))
	for _, site := range []string{"setup vm.AddNIC", "teardown vm.RemoveNIC", "setup guest.ConfigureNIC", "teardown guest.RemoveNIC"} {
		assert.Subset(t, shapes[site], append(slices.Clone(notGone), vmRows...), "%s: the compute system's rows and what is not gone", site)
		for _, row := range guestRows {
			want := "guest row: " + row // on the compute system, where it is no sign
			if strings.HasPrefix(site, "setup guest") || strings.HasPrefix(site, "teardown guest") {
				want = row // on the guest connection
			}
			assert.Contains(t, shapes[site], want, site)
		}
	}
	for _, maybe := range slices.Sorted(maps.Keys(hcsmodifytest.VMMaybeGoneErrors("uvm"))) {
		assert.Contains(t, shapes["teardown guest.RemoveNIC"], "applied, VM alive: "+maybe)
	}
}
