package netcore

import (
	"context"
	"errors"
	"fmt"
)

// operation describes one public operation that changes the network, for
// [Controller.run]: how errors and spans name it, which events its state
// must accept, and what a failure moves the controller to.
type operation struct {
	// name is the operation in messages: "cannot <name> network X in
	// state Y", "network <name> failed".
	name string
	// span names the operation's trace span.
	span string
	// accepts lists events of which the current state must accept one.
	accepts []Event
	// failure is fired when the body panics and, if failsOnError, when it
	// returns an error.
	failure      Event
	failsOnError bool
	// skip, when set, reports that the operation has nothing to do in the
	// current state and returns nil without a span or a transition.
	skip func(c *Controller) bool
}

var (
	opSetup = operation{name: "set up", span: "uvmnet.Setup",
		accepts: []Event{EventSetupSucceeded}, failure: EventSetupFailed, failsOnError: true}
	opTeardown = operation{name: "tear down", span: "uvmnet.Teardown",
		accepts: []Event{EventTeardownSucceeded, EventMigrationTornDown}, failure: EventTeardownFailed, failsOnError: true,
		skip: func(c *Controller) bool { s := c.State(); return s == StateNotConfigured || s.IsTerminal() }}
	opReset = operation{name: "reset after migration", span: "uvmnet.ResetAfterMigration",
		accepts: []Event{EventResetSucceeded}, failure: EventResetFailed, failsOnError: true,
		skip: func(c *Controller) bool { return c.migratedNamespaceID == "" }}
	// A hot-plug that fails stays Configured once its rollback is done;
	// the body fires HotPlugged or HotPlugStuck itself. Only a panic, after
	// which nothing is known to be rolled back, makes it stuck here.
	opReconcile = operation{name: "reconcile", span: "uvmnet.Reconcile",
		accepts: []Event{EventHotPlugged}, failure: EventHotPlugStuck}
	opAddEndpoint = operation{name: "add an endpoint to", span: "uvmnet.AddEndpoint",
		accepts: []Event{EventHotPlugged}, failure: EventHotPlugStuck}
	opRemoveEndpoint = operation{name: "remove an endpoint from", span: "uvmnet.RemoveEndpoint",
		accepts: []Event{EventHotPlugged}, failure: EventHotPlugStuck}
)

// run is the one skeleton of every operation in op's list: it takes the
// lock, checks the state, starts the span and runs body. When body fails
// (and op.failsOnError), panics or ends its goroutine with runtime.Goexit
// (as t.FailNow does in a test's mock), the controller moves by op.failure
// with every NIC still tracked, so Teardown can clean up. A panic or a
// Goexit, from body or from a manager on any goroutine body started, then
// goes on to the caller: the controller does not swallow a bug, but it
// does not leak over one either.
func (c *Controller) run(ctx context.Context, op operation, body func(ctx context.Context) error) (err error) {
	if err := c.lock.acquire(ctx, op.name, c.pod.NamespaceID); err != nil {
		return err
	}
	defer c.lock.release()
	// Whatever happened, Describe sees how it ended.
	defer c.publish()
	if op.skip != nil && op.skip(c) {
		return nil
	}
	if err := c.require(op.name, op.accepts...); err != nil {
		return err
	}
	ctx, span := c.startOperation(ctx, op.span)
	defer func() { endSpan(span, err) }()
	returned := false
	defer func() {
		if p := recover(); p != nil {
			err = c.failed(ctx, op, fmt.Errorf("%s network %s: panic: %v", op.name, c.pod.NamespaceID, p))
			panic(p)
		}
		if !returned {
			// Neither a return nor a panic: runtime.Goexit is unwinding
			// this goroutine, and goes on once the deferred calls are done.
			err = c.failed(ctx, op, fmt.Errorf("%s network %s: a manager ended its goroutine (runtime.Goexit)", op.name, c.pod.NamespaceID))
		}
	}()
	err = body(ctx)
	returned = true
	if err != nil && op.failsOnError {
		err = c.failed(ctx, op, err)
	}
	return err
}

// failed moves the controller by op.failure and logs why.
func (c *Controller) failed(ctx context.Context, op operation, err error) error {
	if ferr := c.fire(op.failure, err); ferr != nil {
		err = errors.Join(err, ferr)
	}
	c.logger(ctx).WithError(err).WithField("nics-left", len(c.nics)).Errorf("network %s failed", op.name)
	return err
}
