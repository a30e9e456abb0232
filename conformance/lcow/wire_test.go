package lcow_test

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
	"github.com/uvmnet/uvmnet/conformance/lcow"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netlcow"
)

// The wire run must fail a guest manager whose documents are wrong on the
// wire even though its Go values are right. Each test below puts the real
// guest manager over a transport that spoils what it sends in one known
// way, which is what a manager building the wrong document would send.

// spoilingConn is a guest connection that rewrites each request before
// sending it on.
type spoilingConn struct {
	hcsmodify.GuestConnection
	spoil func(req any) any
}

func (c spoilingConn) Modify(ctx context.Context, req interface{}) error {
	return c.GuestConnection.Modify(ctx, c.spoil(req))
}

// overSpoiledConn is the LCOW binding whose guest manager, on the guest
// connection route, sends what spoil makes of each request.
func overSpoiledConn(spoil func(req any) any) lcow.Pair {
	b := lcow.UvmnetPair()
	wire := *b.Wire
	wire.OverConnection = func(conn hcsmodify.GuestConnection) lcow.Guest {
		return netlcow.GuestNetworkManager(netlcow.NewGuestManager(spoilingConn{GuestConnection: conn, spoil: spoil}))
	}
	b.Wire = &wire
	return b
}

// checkWire runs the wire scenarios of one route and concurrency that
// send NIC requests to a Linux guest (it supports namespaces only with
// ns-on), and returns them by name.
func checkWire(t *testing.T, b lcow.Pair, route string) map[string]conformance.Result {
	t.Helper()
	rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile("^" + route + "/c1/(state|faults/setup)/")})
	require.NoError(t, err)
	out := map[string]conformance.Result{}
	for _, r := range rep.Results {
		out[r.Name()] = r
	}
	require.NotEmpty(t, out)
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestWireRunFailsARequestWrappedOnTheGuestConnection(t *testing.T) {
	res := checkWire(t, overSpoiledConn(func(req any) any {
		return map[string]any{"GuestRequest": req}
	}), conformance.RouteGuestConnection)
	state := res["wire-conn/c1/state/setup-teardown/ns-on/2-endpoints"]
	assert.True(t, anyContains(state.Failures, "lcow guest agent", `invalid ResourceType ""`), "failures: %q", state.Failures)
	assert.False(t, res["wire-conn/c1/faults/setup/ns-on/1-endpoints"].Passed())
	// A Linux guest without namespace support is sent nothing: those
	// scenarios pass, so the failures above are the documents'.
	assert.True(t, res["wire-conn/c1/state/setup-teardown/ns-off/2-endpoints"].Passed(), "%q", res["wire-conn/c1/state/setup-teardown/ns-off/2-endpoints"].Failures)
}

// respell rewrites each request's keys (at every depth) with respelled.
func respell(t *testing.T, respelled func(key string) string) func(req any) any {
	return func(req any) any {
		var doc any
		require.NoError(t, json.Unmarshal(mustJSON(t, req), &doc))
		var walk func(v any) any
		walk = func(v any) any {
			switch v := v.(type) {
			case map[string]any:
				out := map[string]any{}
				for k, e := range v {
					out[respelled(k)] = walk(e)
				}
				return out
			case []any:
				for i := range v {
					v[i] = walk(v[i])
				}
			}
			return v
		}
		return walk(doc)
	}
}

// The Linux guest agent reads requests with encoding/json
// (hcsshim v0.15.0, internal/guest/prot/protocol.go,
// UnmarshalContainerModifySettings): the order of the keys carries
// nothing and their case does not matter. A controller sending either is
// correct, and the wire run passes it.
func TestWireRunAcceptsReorderedAndRecasedKeys(t *testing.T) {
	for name, spoil := range map[string]func(req any) any{
		"reordered": func(req any) any {
			var r struct {
				RequestType, ResourceType string
				Settings                  json.RawMessage
			}
			require.NoError(t, json.Unmarshal(mustJSON(t, req), &r))
			return struct {
				ResourceType string
				Settings     json.RawMessage
				RequestType  string
			}{r.ResourceType, r.Settings, r.RequestType}
		},
		"lower-case": respell(t, strings.ToLower),
	} {
		t.Run(name, func(t *testing.T) {
			res := checkWire(t, overSpoiledConn(spoil), conformance.RouteGuestConnection)
			for n, r := range res {
				assert.True(t, r.Passed(), "%s: %q", n, r.Failures)
			}
		})
	}
}

func TestWireRunFailsAMalformedDocument(t *testing.T) {
	res := checkWire(t, overSpoiledConn(func(req any) any {
		return json.RawMessage(bytes.Replace(mustJSON(t, req), []byte(`"MacAddress"`), []byte(`"PhysicalAddress"`), 1))
	}), conformance.RouteGuestConnection)
	state := res["wire-conn/c1/state/setup-teardown/ns-on/3-endpoints"]
	// The agent skips the key, so the NIC is still configured: the
	// failure is the value the guest never receives.
	assert.True(t, anyContains(state.Failures, "lcow guest agent", `unknown field "PhysicalAddress"`, "never reaches the guest"), "failures: %q", state.Failures)
	assert.True(t, res["wire-conn/c1/state/setup-teardown/ns-off/3-endpoints"].Passed())
}

// bareToComputeSystem is a guest connection that hands the bare request
// to the compute system, as a manager that forgot the legacy route's
// wrapper would.
type bareToComputeSystem struct{ cs hcsmodify.ComputeSystem }

func (c bareToComputeSystem) Modify(ctx context.Context, req interface{}) error {
	return c.cs.Modify(ctx, req)
}
func (bareToComputeSystem) IsBridgeConnected() bool { return true }

func TestWireRunFailsABareRequestSentToTheComputeSystem(t *testing.T) {
	b := lcow.UvmnetPair()
	wire := *b.Wire
	wire.OverComputeSystem = func(cs hcsmodify.ComputeSystem) lcow.Guest {
		return netlcow.GuestNetworkManager(netlcow.NewGuestManager(bareToComputeSystem{cs}))
	}
	b.Wire = &wire
	res := checkWire(t, b, conformance.RouteComputeSystem)
	state := res["wire-cs/c1/state/setup-teardown/ns-on/2-endpoints"]
	assert.True(t, anyContains(state.Failures, "compute system", `unknown field "ResourceType"`), "failures: %q", state.Failures)
	assert.True(t, res["wire-cs/c1/state/setup-teardown/ns-off/2-endpoints"].Passed())
}
