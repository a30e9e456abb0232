package conformance

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The catalogue is the suite: every row is a scenario family's, names are
// unique, and every row runs somewhere.
func TestCatalogueRowsAreWhole(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range catalogue() {
		assert.False(t, seen[w.name], "%s: two rows", w.name)
		seen[w.name] = true
		assert.NotEmpty(t, w.cells, "%s: no cells", w.name)
		assert.NotNil(t, w.body, "%s: no body", w.name)
	}
	b := binding{Name: "all", Wire: &wireBinding{}, StartSandbox: func(context.Context, *SimGuest, string) error { return nil }}
	n := map[string]int{}
	for _, sc := range (Suite{Extensions: true}).scenarios(b, 1) {
		n[sc.name]++
	}
	total := 0
	for _, c := range n {
		total += c
	}
	assert.Equal(t, 669, total, "the scenarios of a binding with a wire side and sandboxes, Extensions included")
}
