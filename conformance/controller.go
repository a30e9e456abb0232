package conformance

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
)

// controller is a controller under test with its optional interfaces
// resolved: the scenarios drive it as one value and run only where the
// binding declared what they call. A method the controller lacks fails
// with errNotImplemented rather than panicking.
type controller interface {
	Controller
	HotPlugger
	migrator
}

// errNotImplemented answers a call the controller under test does not
// implement.
var errNotImplemented = errors.New("conformance: the controller does not implement this operation")

// driven is a [controller] over what a binding built.
type driven struct {
	Controller
	hotPlug HotPlugger
	migrate migrator
}

// drive resolves c's optional interfaces.
func (b binding) drive(c Controller) driven {
	d := driven{Controller: c}
	d.hotPlug, _ = c.(HotPlugger)
	if b.migrator != nil {
		d.migrate, _ = b.migrator(c)
	}
	return d
}

func (d driven) Reconcile(ctx context.Context) (netcore.HotPlugResult, error) {
	if d.hotPlug == nil {
		return netcore.HotPlugResult{}, errNotImplemented
	}
	return d.hotPlug.Reconcile(ctx)
}

func (d driven) AddEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error) {
	if d.hotPlug == nil {
		return netcore.HotPlugResult{}, errNotImplemented
	}
	return d.hotPlug.AddEndpoint(ctx, endpointID)
}

func (d driven) RemoveEndpoint(ctx context.Context, endpointID string) (netcore.HotPlugResult, error) {
	if d.hotPlug == nil {
		return netcore.HotPlugResult{}, errNotImplemented
	}
	return d.hotPlug.RemoveEndpoint(ctx, endpointID)
}

func (d driven) Save(ctx context.Context) (*anypb.Any, error) {
	if d.migrate == nil {
		return nil, errNotImplemented
	}
	return d.migrate.Save(ctx)
}

func (d driven) Patch(ctx context.Context, namespaceID string) error {
	if d.migrate == nil {
		return errNotImplemented
	}
	return d.migrate.Patch(ctx, namespaceID)
}

func (d driven) Resume(ctx context.Context, m anyManagers) error {
	if d.migrate == nil {
		return errNotImplemented
	}
	return d.migrate.Resume(ctx, m)
}

func (d driven) ResetAfterMigration(ctx context.Context) error {
	if d.migrate == nil {
		return errNotImplemented
	}
	return d.migrate.ResetAfterMigration(ctx)
}

// declared checks that c, built by the subject's built (New or Import),
// implements what the capabilities declare, and wraps it for the
// scenarios.
func (b binding) declared(c Controller, built string) (controller, error) {
	if c == nil {
		return nil, fmt.Errorf("conformance: Subject.%s returned a nil controller and no error", built)
	}
	if b.Wrap != nil {
		w := b.Wrap(c)
		if w == nil {
			return nil, fmt.Errorf("conformance: Subject.Wrap returned nil for the %T Subject.%s built", c, built)
		}
		c = w
	}
	if _, ok := c.(HotPlugger); b.Capabilities.HotPlug && !ok {
		return nil, fmt.Errorf("conformance: the subject declares hot-plug, but %T does not implement conformance.HotPlugger", c)
	}
	if b.Capabilities.Migration {
		if _, ok := b.migrator(c); !ok {
			return nil, fmt.Errorf("conformance: the subject declares migration, but %T does not implement conformance.Migrator of the platform's guest contract", c)
		}
	}
	return b.drive(c), nil
}

// newController builds through the subject's New, then its Wrap.
func (b binding) newController(pod anyPod) (controller, error) {
	if b.New == nil {
		return nil, errors.New("conformance: the subject has no New")
	}
	c, err := b.New(pod)
	if err != nil {
		return nil, err
	}
	return b.declared(c, "New")
}

// importController imports through the subject's Import, then its Wrap.
func (b binding) importController(ctx context.Context, snapshot *anypb.Any, opts Options) (controller, error) {
	if b.Import == nil {
		return nil, errors.New("conformance: the subject declares migration but has no Import")
	}
	c, err := b.Import(ctx, snapshot, opts)
	if err != nil {
		return nil, err
	}
	return b.declared(c, "Import")
}
