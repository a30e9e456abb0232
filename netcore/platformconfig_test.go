package netcore

import (
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
