package netcore

import (
	"context"
	"fmt"
)

// opLock serialises a controller's operations. It is a one-slot semaphore
// rather than a mutex so that a caller queued behind a slow operation can
// stop waiting when its context ends: an operator's deadline must hold
// even while another operation is stuck in a hung HCS call.
type opLock chan struct{}

func newOpLock() opLock { return make(opLock, 1) }

// acquire takes the lock, or gives up once ctx ends. A free lock is taken
// whatever ctx says: an operation's own handling of a cancelled context
// (Setup and Teardown stop before their next call and say so) is part of
// its contract, and only waiting is bounded here. The error names the
// operation and wraps ctx.Err().
func (l opLock) acquire(ctx context.Context, op, namespaceID string) error {
	select {
	case l <- struct{}{}:
		return nil
	default:
	}
	select {
	case l <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("cannot %s network %s: gave up waiting for the operation in progress: %w", op, namespaceID, ctx.Err())
	}
}

func (l opLock) release() { <-l }

// acquireFresh is acquire for an operation that must not start at all
// under an ended context, because starting has effects of its own (Save
// freezes the network, Resume lifts the freeze, Patch records the
// destination).
func (l opLock) acquireFresh(ctx context.Context, op, namespaceID string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("cannot %s network %s: %w", op, namespaceID, err)
	}
	return l.acquire(ctx, op, namespaceID)
}
