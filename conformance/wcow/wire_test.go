package wcow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/wcow"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netwcow"
)

// dropsNullSettings is a guest connection that sends each request without
// the NIC document's "Settings":null, as a manager that let omitempty drop
// the typed nil endpoint would, and as hcsshim v0.15.0's legacy route
// does (internal/uvm/network.go, addNIC and removeNIC, whose NIC document
// has no settings): a Windows guest agent takes both forms.
type dropsNullSettings struct{ hcsmodify.GuestConnection }

func (c dropsNullSettings) Modify(ctx context.Context, req interface{}) error {
	raw, err := json.Marshal(req)
	if err != nil {
		return err
	}
	return c.GuestConnection.Modify(ctx, json.RawMessage(bytes.ReplaceAll(raw, []byte(`,"Settings":null`), nil)))
}

func TestWireRunAcceptsANICRequestWithoutSettings(t *testing.T) {
	for _, b := range wcow.UvmnetPairs() {
		wire := *b.Wire
		wire.OverConnection = func(conn hcsmodify.GuestConnection) wcow.Guest {
			return netwcow.GuestNetworkManager(netwcow.NewGuestManager(dropsNullSettings{conn}))
		}
		b.Wire = &wire
		rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile(`^wire-conn/c1/state/setup-teardown/`)})
		require.NoError(t, err)
		require.NotEmpty(t, rep.Results)
		for _, r := range rep.Results {
			assert.True(t, r.Passed(), "%s %s: %q", b.Name, r.Name(), r.Failures)
		}
	}
}
