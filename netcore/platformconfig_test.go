package netcore

import (
	"context"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guestManager stands for a platform module's guest contract.
type guestManager interface{ name() string }

type namedGuest string

func (n namedGuest) name() string { return string(n) }

func TestNewForPlatform(t *testing.T) {
	w := newWorld(t)
	var got guestManager
	platform := func(g guestManager) GuestPlatform {
		got = g
		return worldGuest{w, wcowLike}
	}
	cfg := PlatformConfig[guestManager]{
		NamespaceID: testNS, VM: worldVM{w}, Host: worldHost{w}, Guest: namedGuest("g"),
		Capabilities: caps(true), Tuning: Tuning{Concurrency: 4},
	}
	c, err := NewForPlatform(cfg, platform)
	require.NoError(t, err)
	assert.Equal(t, namedGuest("g"), got, "the guest manager reaches the platform")
	assert.True(t, c.pod.GuestNamespaceSupported)
	assert.Equal(t, 4, c.concurrency)

	cfg.Guest = nil
	_, err = NewForPlatform(cfg, platform)
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.Contains(t, err.Error(), "Guest is nil")
}

func TestGuestControllerResume(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	w.addNamespace(testNS, "eth0")
	var built []guestManager
	platform := func(g guestManager) GuestPlatform {
		built = append(built, g)
		return worldGuest{w, lcowLike}
	}
	src, err := NewForPlatform(PlatformConfig[guestManager]{
		NamespaceID: testNS, VM: worldVM{w}, Host: worldHost{w}, Guest: namedGuest("source"), Capabilities: caps(true),
	}, platform)
	require.NoError(t, err)
	require.NoError(t, src.Setup(ctx))
	snap, err := src.Save(ctx)
	require.NoError(t, err)
	require.NoError(t, src.Resume(ctx, nil, nil, nil), "a source rolls back with nothing new")
	assert.Equal(t, StateConfigured, src.State())

	dst, err := ImportForPlatform(ctx, snap, Tuning{}, platform)
	require.NoError(t, err)
	err = dst.Resume(ctx, worldVM{w}, worldHost{w}, nil)
	assert.True(t, errdefs.IsInvalidArgument(err), "a destination needs a guest: %v", err)
	require.NoError(t, dst.Resume(ctx, worldVM{w}, worldHost{w}, namedGuest("destination")))
	assert.Equal(t, []guestManager{namedGuest("source"), namedGuest("destination")}, built, "the guest manager reaches the platform")

	var zero GuestController[guestManager]
	assert.True(t, errdefs.IsFailedPrecondition(zero.Resume(ctx, nil, nil, nil)))
}
