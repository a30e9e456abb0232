package netcore

import (
	"context"
	"fmt"
	"sync"
)

// opLock serialises a controller's operations. It is not a sync.Mutex so
// that a caller queued behind a slow operation can stop waiting when its
// context ends: an operator's deadline must hold even while another
// operation is stuck in a hung HCS call. Its zero value is a free lock,
// and taking a free one allocates nothing: a channel is made only when
// someone has to wait, and closed when the lock is released, waking every
// waiter to try again.
type opLock struct {
	mu sync.Mutex
	// freed is nil while the lock is free, heldAlone while it is held and
	// nobody waits, and otherwise the channel release closes.
	freed chan struct{}
}

// heldAlone marks a lock held with nobody waiting; it is never closed.
var heldAlone = make(chan struct{})

// tryAcquire takes the lock if it is free; otherwise it returns the
// channel that is closed when the lock is next released.
func (l *opLock) tryAcquire() (bool, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch l.freed {
	case nil:
		l.freed = heldAlone
		return true, nil
	case heldAlone:
		l.freed = make(chan struct{})
	}
	return false, l.freed
}

// acquire takes the lock, or gives up once ctx ends. A free lock is taken
// whatever ctx says: an operation's own handling of a cancelled context
// (Setup and Teardown stop before their next call and say so) is part of
// its contract, and only waiting is bounded here. The error names the
// operation and wraps ctx.Err().
func (l *opLock) acquire(ctx context.Context, op, namespaceID string) error {
	for {
		ok, freed := l.tryAcquire()
		if ok {
			return nil
		}
		select {
		case <-freed:
		case <-ctx.Done():
			return fmt.Errorf("cannot %s network %s: gave up waiting for the operation in progress: %w", op, namespaceID, ctx.Err())
		}
	}
}

// release frees the lock and wakes whoever waits for it.
func (l *opLock) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.freed != heldAlone {
		close(l.freed)
	}
	l.freed = nil
}

// acquireFresh is acquire for an operation that must not start at all
// under an ended context, because starting has effects of its own (Save
// freezes the network, Resume lifts the freeze, Patch records the
// destination).
func (l *opLock) acquireFresh(ctx context.Context, op, namespaceID string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("cannot %s network %s: %w", op, namespaceID, err)
	}
	return l.acquire(ctx, op, namespaceID)
}
