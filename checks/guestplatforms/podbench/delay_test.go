package podbench

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSleepHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Sleep(ctx, 1<<40), context.Canceled)
}
