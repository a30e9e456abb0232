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
	Migrator
}

// errNotImplemented answers a call the controller under test does not
// implement.
var errNotImplemented = errors.New("conformance: the controller does not implement this operation")

// driven is a [controller] over what a binding built.
type driven struct {
	Controller
	hotPlug HotPlugger
	migrate Migrator
}

// drive resolves c's optional interfaces.
func drive(c Controller) driven {
	d := driven{Controller: c}
	d.hotPlug, _ = c.(HotPlugger)
	d.migrate, _ = c.(Migrator)
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

func (d driven) Resume(ctx context.Context, m Managers) error {
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

// declared checks that c implements what b's capabilities declare, and
// wraps it for the scenarios.
func (b Binding) declared(c Controller) (controller, error) {
	if b.Wrap != nil {
		c = b.Wrap(c)
	}
	if c == nil {
		return nil, errors.New("conformance: the binding built a nil controller")
	}
	if _, ok := c.(HotPlugger); b.Capabilities.HotPlug && !ok {
		return nil, fmt.Errorf("conformance: the binding declares hot-plug, but %T does not implement conformance.HotPlugger", c)
	}
	if _, ok := c.(Migrator); b.Capabilities.Migration && !ok {
		return nil, fmt.Errorf("conformance: the binding declares migration, but %T does not implement conformance.Migrator", c)
	}
	return drive(c), nil
}

// newController builds through b.New, then b.Wrap.
func (b Binding) newController(pod Pod) (controller, error) {
	if b.New == nil {
		return nil, errors.New("conformance: the binding has no New")
	}
	c, err := b.New(pod)
	if err != nil {
		return nil, err
	}
	return b.declared(c)
}

// importController imports through b.Import, then b.Wrap.
func (b Binding) importController(ctx context.Context, snapshot *anypb.Any, opts Options) (controller, error) {
	if b.Import == nil {
		return nil, errors.New("conformance: the binding declares migration but has no Import")
	}
	c, err := b.Import(ctx, snapshot, opts)
	if err != nil {
		return nil, err
	}
	return b.declared(c)
}
