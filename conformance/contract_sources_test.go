package conformance

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every Contract rule says why the real system requires it; one that
// cannot belongs to the Extensions.
func TestEveryContractRuleCitesTheRealSystem(t *testing.T) {
	b := binding{Name: "all", Wire: &wireBinding{}, StartSandbox: func(context.Context, *SimGuest, string) error { return nil }, Capabilities: Capabilities{HotPlug: true, Migration: true, NICIDs: true, Concurrency: true, Observer: true}}
	n := 0
	for _, sc := range (Suite{Extensions: true}).scenarios(b, 1) {
		if sc.profile != Contract {
			continue
		}
		n++
		assert.NotEmpty(t, contractSource(sc.name), "%s: a Contract rule with no source in the real system", sc.name)
	}
	assert.NotZero(t, n)
}
