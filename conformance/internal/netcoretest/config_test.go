package netcoretest

import (
	"context"
	"errors"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/uvmnet/uvmnet/netcore"
)

// A nil *TracerProvider in the interface is a provider that panics at its
// first use: New and Import refuse it by name instead.
func TestTypedNilTracerProviderIsRefused(t *testing.T) {
	tuning := netcore.Tuning{TracerProvider: (*sdktrace.TracerProvider)(nil)}
	w := newWorld(t)
	_, err := netcore.New(w.managers(lcowLike, true).config(testNS, tuning))
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.ErrorContains(t, err, "field TracerProvider")

	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(context.Background())
	require.NoError(t, err)
	_, err = netcore.Import(context.Background(), snap, tuning)
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.ErrorContains(t, err, "field TracerProvider")
}

// brokenGuest is guest steps built over a transport that is not there,
// which say so when asked.
type brokenGuest struct{ worldGuest }

func (brokenGuest) Validate() error { return errors.New("no guest connection") }

type brokenVM struct{ worldVM }

func (brokenVM) Validate() error { return errors.New("no compute system") }

// A manager or guest steps that report their own misconfiguration are
// refused by New, and by Resume, by field name, before any call.
func TestManagersThatReportAMissingTransportAreRefused(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	for field, mutate := range map[string]func(m *testManagers){
		"VM":    func(m *testManagers) { m.VM = brokenVM{worldVM{w}} },
		"Guest": func(m *testManagers) { m.Guest = brokenGuest{worldGuest{w, lcowLike}} },
	} {
		m := w.managers(lcowLike, true)
		mutate(&m)
		_, err := netcore.New(m.config(testNS, netcore.Tuning{}))
		require.Error(t, err, field)
		assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
		assert.ErrorContains(t, err, "field "+field)
		assert.ErrorContains(t, err, "no ")

		_, src := configured(t, lcowLike, true, "eth0")
		snap, err := src.Save(context.Background())
		require.NoError(t, err)
		dst, err := netcore.Import(context.Background(), snap, netcore.Tuning{})
		require.NoError(t, err)
		err = resume(context.Background(), dst, m)
		assert.True(t, errdefs.IsInvalidArgument(err), "Resume: got %v", err)
		assert.ErrorContains(t, err, "field "+field)
		assert.Equal(t, netcore.StateDestinationMigrating, dst.State())
	}
	assert.Empty(t, w.takeCalls(), "nothing reached the VM, the guest or HCN")
}
