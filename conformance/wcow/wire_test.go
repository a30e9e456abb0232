package wcow_test

import (
	"bytes"
	"context"
	"encoding/json"
	"regexp"
	"strings"
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
// the typed nil endpoint would: the Windows guest agent needs it present.
type dropsNullSettings struct{ hcsmodify.GuestConnection }

func (c dropsNullSettings) Modify(ctx context.Context, req interface{}) error {
	raw, err := json.Marshal(req)
	if err != nil {
		return err
	}
	return c.GuestConnection.Modify(ctx, json.RawMessage(bytes.ReplaceAll(raw, []byte(`,"Settings":null`), nil)))
}

func TestWireRunFailsANICRequestWithoutNullSettings(t *testing.T) {
	b := wcow.Binding()
	wire := *b.Wire
	wire.OverConnection = func(conn hcsmodify.GuestConnection) any {
		return netwcow.GuestNetworkManager(netwcow.NewGuestManager(dropsNullSettings{conn}))
	}
	b.Wire = &wire
	rep, err := conformance.Suite{Seed: 1, Match: regexp.MustCompile(`^wire-conn/c1/state/setup-teardown/`)}.Check(b)
	require.NoError(t, err)
	for _, r := range rep.Results {
		if strings.HasSuffix(r.Scenario, "/0-endpoints") {
			assert.True(t, r.Passed(), "%s: no NIC, no NIC request: %q", r.Name(), r.Failures)
			continue
		}
		found := false
		for _, f := range r.Failures {
			found = found || strings.Contains(f, `inner RequestType "Add" with Settings missing`)
		}
		assert.True(t, found, "%s failures: %q", r.Name(), r.Failures)
	}
}
