package bridge

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/uvmnet/uvmnet/checks/upstreamsuite/standin/gcs"
	"github.com/uvmnet/uvmnet/netcore"
)

func TestAGoneVMReadsAsAClosedBridge(t *testing.T) {
	assert.NoError(t, Error(nil))
	plain := errors.New("refused")
	assert.Same(t, plain, Error(plain), "other errors pass as they are")

	vmGone := fmt.Errorf("compute system: %w", netcore.ErrVMUnavailable)
	got := Error(vmGone)
	assert.ErrorIs(t, got, gcs.ErrBridgeClosed)
	assert.ErrorIs(t, got, netcore.ErrVMUnavailable, "the cause stays in the chain")

	closed := fmt.Errorf("bridge: %w", gcs.ErrBridgeClosed)
	assert.Same(t, closed, Error(closed))
}

func TestCapabilitiesAreNilWithoutAnAnswer(t *testing.T) {
	assert.Nil(t, NewCapabilities(nil).Capabilities())
	assert.NotNil(t, NewCapabilities(yes{}).Capabilities())
	assert.True(t, NewCapabilities(yes{}).Capabilities().IsNamespaceAddRequestSupported())
}

type yes struct{}

func (yes) IsNamespaceAddRequestSupported() bool { return true }
