package netcoretest

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/uvmnet/uvmnet/netcore"
)

func TestObserverSeesEveryTransition(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	var seen []netcore.Transition
	c, err := netcore.New(w.managers(wcowLike, true).config(testNS, netcore.Tuning{NewNICID: nicIDs(), Observer: func(tr netcore.Transition) { seen = append(seen, tr) }}))
	require.NoError(t, err)

	cause := errors.New("hot-add failed")
	w.failOnce("vm.AddNIC", cause)
	require.Error(t, c.Setup(ctx))
	require.NoError(t, c.Teardown(ctx))

	require.Len(t, seen, 2)
	assert.Equal(t, netcore.StateNotConfigured, seen[0].From)
	assert.Equal(t, netcore.EventSetupFailed, seen[0].Event)
	assert.Equal(t, netcore.StateInvalid, seen[0].To)
	assert.ErrorIs(t, seen[0].Err, cause)
	assert.Equal(t, testNS, seen[0].NamespaceID)
	assert.Equal(t, netcore.Transition{NamespaceID: testNS, From: netcore.StateInvalid, Event: netcore.EventTeardownSucceeded, To: netcore.StateTornDown}, seen[1])
}

// TestSpans checks the spans a shim's tracer receives: one per operation
// and one per NIC step beneath it, with the namespace, NIC and endpoint
// IDs as attributes, and failures recorded.
func TestSpans(t *testing.T) {
	ctx := context.Background()
	exporter := tracetest.NewInMemoryExporter()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	defer func() { _ = provider.Shutdown(ctx) }()

	w := newWorld(t)
	w.addNamespace(testNS, "eth0", "net1")
	c, err := netcore.New(w.managers(wcowLike, true).config(testNS, netcore.Tuning{NewNICID: nicIDs(), TracerProvider: provider}))
	require.NoError(t, err)
	cause := errors.New("configure failed")
	w.failOnce("guest.ConfigureNIC "+nicID(2), cause)
	require.Error(t, c.Setup(ctx))
	require.NoError(t, c.Teardown(ctx))

	spans := exporter.GetSpans()
	byName := map[string][]tracetest.SpanStub{}
	for _, s := range spans {
		byName[s.Name] = append(byName[s.Name], s)
	}
	require.Len(t, byName["uvmnet.Setup"], 1)
	require.Len(t, byName["uvmnet.Teardown"], 1)
	setup := byName["uvmnet.Setup"][0]
	assert.Equal(t, codes.Error, setup.Status.Code)
	assert.Contains(t, setup.Attributes, netcore.AttrNamespace.String(testNS))
	assert.NotEmpty(t, setup.Events, "the error is recorded as an event")

	assert.Len(t, byName["uvmnet.nic.PrepareInGuest"], 2)
	assert.Len(t, byName["uvmnet.nic.HotAdd"], 2)
	assert.Len(t, byName["uvmnet.nic.ConfigureInGuest"], 2)
	assert.Len(t, byName["uvmnet.nic.RemoveFromGuest"], 2)
	assert.Len(t, byName["uvmnet.nic.HotRemove"], 2)

	var failed *tracetest.SpanStub
	for i, s := range byName["uvmnet.nic.ConfigureInGuest"] {
		if hasAttr(s.Attributes, netcore.AttrNIC.String(nicID(2))) {
			failed = &byName["uvmnet.nic.ConfigureInGuest"][i]
		}
		assert.Equal(t, setup.SpanContext.SpanID(), s.Parent.SpanID(), "NIC steps are children of the operation")
	}
	require.NotNil(t, failed)
	assert.Equal(t, codes.Error, failed.Status.Code)
	assert.True(t, hasAttr(failed.Attributes, netcore.AttrEndpoint.String(epID(2))), "NIC 2 carries endpoint 2")
	assert.True(t, hasAttr(failed.Attributes, netcore.AttrNamespace.String(testNS)))
}

func hasAttr(attrs []attribute.KeyValue, kv attribute.KeyValue) bool {
	for _, a := range attrs {
		if a == kv {
			return true
		}
	}
	return false
}

func TestDescribe(t *testing.T) {
	w, c := configured(t, wcowLike, true, "net1", "pod-eth0")
	d := c.Describe()
	assert.Equal(t, netcore.StateConfigured, d.State)
	assert.Equal(t, testNS, d.NamespaceID)
	assert.Equal(t, testNS, d.HostNamespaceID)
	assert.True(t, d.GuestNamespace)
	require.Len(t, d.NICs, 2)
	assert.Equal(t, netcore.NICDescription{ID: nicID(1), EndpointID: epID(2), EndpointName: "pod-eth0", MacAddress: "00-15-5D-00-00-02", State: "Configured"}, d.NICs[0])
	d.NICs[0].ID = "changed"
	assert.Equal(t, nicID(1), c.Describe().NICs[0].ID, "a description shares nothing")

	w.failOnce("vm.RemoveNIC "+nicID(1), errors.New("busy"))
	require.Error(t, c.Teardown(context.Background()))
	d = c.Describe()
	assert.Equal(t, netcore.StateInvalid, d.State)
	require.Len(t, d.NICs, 1)
	assert.Equal(t, "VMAttached", d.NICs[0].State, "guest let go; the VM still has it")
}

// An observer that panics on Resumed: the panic reaches the caller, but
// the destination is already bound to its managers, so Teardown removes
// the guest NICs and the namespace it imported instead of panicking.
func TestObserverPanicOnResumedLeavesTheManagersBound(t *testing.T) {
	ctx := context.Background()
	_, src := configured(t, wcowLike, true, "eth0", "net1")
	snap, err := src.Save(ctx)
	require.NoError(t, err)
	dst, err := netcore.Import(ctx, snap, netcore.Tuning{Observer: func(tr netcore.Transition) {
		if tr.Event == netcore.EventResumed {
			panic("observer bug")
		}
	}})
	require.NoError(t, err)
	w := newWorld(t)
	w.addNamespace(testNS, "eth0", "net1")
	w.seedGuestNIC(nicID(1))
	w.seedGuestNIC(nicID(2))
	require.NoError(t, w.sim.Guest().AddNamespace(ctx, namespaceDoc(testNS)))
	w.takeCalls()

	assert.PanicsWithValue(t, "observer bug", func() { _ = resume(ctx, dst, w.managers(wcowLike, true)) })
	assert.Equal(t, netcore.StateConfigured, dst.State())
	require.NotPanics(t, func() { require.NoError(t, dst.Teardown(ctx)) })
	assert.Equal(t, netcore.StateTornDown, dst.State())
	assert.Empty(t, w.guestNICs(), "the imported NICs left the guest")
	assert.Empty(t, w.guestNS(), "and so did the namespace")
}
