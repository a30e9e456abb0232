package netcore

import (
	"context"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// A nil *TracerProvider in the interface is a provider that panics at its
// first use: New and Import refuse it by name instead.
func TestTypedNilTracerProviderIsRefused(t *testing.T) {
	tuning := Tuning{TracerProvider: (*sdktrace.TracerProvider)(nil)}
	w := newWorld(t)
	_, err := New(w.managers(lcowLike, true).config(testNS, tuning))
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.ErrorContains(t, err, "field TracerProvider")

	_, src := configured(t, lcowLike, true, "eth0")
	snap, err := src.Save(context.Background())
	require.NoError(t, err)
	_, err = Import(context.Background(), snap, tuning)
	require.Error(t, err)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.ErrorContains(t, err, "field TracerProvider")
}
