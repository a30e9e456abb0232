package netcore

import (
	"fmt"
	"sync/atomic"

	"github.com/Microsoft/go-winio/pkg/guid"
	"github.com/containerd/errdefs"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Controller drives one pod's network through the lifecycle of
// gen/network.fsm: it attaches the endpoints of the pod's HCN namespace to
// the Utility VM as NICs, configures them in the guest, and removes exactly
// what it attached on Teardown.
//
// A Controller is safe for concurrent use. Operations run one at a time; a
// second Setup waits for the first and then fails with a failed-precondition
// error. A call waiting for another operation gives up when its context
// ends, with an error wrapping ctx.Err() and nothing changed.
// [Controller.State], [Controller.NamespaceID] and [Controller.Describe]
// never wait.
type Controller struct {
	// lock serialises operations. It is held across manager calls on
	// purpose: two operations interleaving on one pod's NICs can only
	// leak. A caller waiting for it stops when its context ends.
	lock opLock

	// state mirrors the machine's state for lock-free readers.
	state atomic.Uint32
	// debugLogs says whether the running operation's logger writes debug
	// lines; startOperation sets it, under the lock, before any step runs.
	debugLogs bool
	// guestNamespace is true while the namespace is added to the guest.
	guestNamespace bool
	// view is what Describe reports, published by the operation that
	// holds the lock at each change, so that Describe never waits.
	view atomic.Pointer[view]

	pod         PodNetwork
	newNICID    func() (string, error)
	concurrency int
	managers    managers
	observer    func(Transition)
	tracer      trace.Tracer

	// namespace is the document read at Setup; Teardown hands it back to the
	// guest. Nil after Import: Teardown then reads it again if it needs it.
	namespace *hcnmodel.Namespace
	// migratedNamespaceID is the destination namespace set by Patch and used
	// by ResetAfterMigration.
	migratedNamespaceID string
	// hostNamespace, once ResetAfterMigration has run, is the namespace in
	// HCN whose endpoints the NICs carry; the guest still knows the pod by
	// pod.NamespaceID.
	hostNamespace string
	// nics holds every NIC not yet removed, in attach order; only track,
	// forget and untrackAll change it, which keep idx in step.
	nics []*nic
	// idx indexes nics; nil until first needed.
	idx *nicIndex
}

// nic is one tracked NIC: its identity and how far its attach got.
type nic struct {
	info NICInfo
	// state is the NIC's nicState. It is atomic because Describe reads it
	// without the lock while a worker of the operation advances it.
	state atomic.Uint32
	// imported marks a NIC rebuilt from a snapshot. Its host side was
	// hot-added by the migration source, against the source's endpoint, and
	// is never this controller's to hot-remove: undoing it takes the guest
	// side only.
	imported bool
}

// New returns a controller in NotConfigured for the namespace in cfg.
// Every field is checked before anything is built: a missing or malformed
// one is an error wrapping errdefs.ErrInvalidArgument that names it. New
// asks cfg.Capabilities once, now, whether the guest supports namespace add
// requests.
func New(cfg Config) (*Controller, error) {
	if err := validateNamespaceID("NamespaceID", cfg.NamespaceID); err != nil {
		return nil, err
	}
	m := managers{vm: cfg.VM, host: cfg.Host, guest: cfg.Guest}
	if err := m.validate(); err != nil {
		return nil, err
	}
	if err := cfg.Tuning.validate(); err != nil {
		return nil, err
	}
	c := newController(cfg.Tuning)
	c.pod = PodNetwork{
		NamespaceID:        cfg.NamespaceID,
		PolicyBasedRouting: cfg.PolicyBasedRouting,
	}
	if !isNil(cfg.Capabilities) {
		c.pod.GuestNamespaceSupported = cfg.Capabilities.IsNamespaceAddRequestSupported()
	}
	c.managers = m
	return c, nil
}

// newController returns a controller in the initial state, tuned as t
// says; New and Import fill in the rest.
func newController(t Tuning) *Controller {
	c := &Controller{
		newNICID:    t.NewNICID,
		concurrency: max(t.Concurrency, 1),
		observer:    t.Observer,
	}
	if c.newNICID == nil {
		c.newNICID = randomNICID
	}
	if t.TracerProvider != nil {
		c.tracer = t.TracerProvider.Tracer(tracerName)
	} else {
		c.tracer = otel.Tracer(tracerName)
	}
	c.state.Store(uint32(InitialState))
	c.publish()
	return c
}

// randomNICID returns a fresh v4 GUID in the canonical lower-case form, the
// form HCS expects for a NIC ID.
func randomNICID() (string, error) {
	g, err := guid.NewV4()
	if err != nil {
		return "", fmt.Errorf("generate NIC ID: %w", err)
	}
	return g.String(), nil
}

// State returns the controller's current lifecycle state.
func (c *Controller) State() State {
	return State(c.state.Load())
}

// NamespaceID returns the pod's HCN namespace ID. It never waits: the ID
// is fixed when the controller is built.
func (c *Controller) NamespaceID() string {
	return c.pod.NamespaceID
}

// fire moves the controller along the network machine and tells the
// observer; cause is the failure behind a failure event. Callers hold c.lock
// and have checked, with [State.Can], that the event is valid; an invalid
// event here is a bug in the controller, reported rather than ignored.
// The observer is told last and may panic: callers finish their own
// bookkeeping before they fire, so the new state is whole either way.
func (c *Controller) fire(e Event, cause error) error {
	from := c.State()
	next, err := from.Next(e)
	if err != nil {
		return fmt.Errorf("network %s: %w: %w", c.pod.NamespaceID, err, errdefs.ErrFailedPrecondition)
	}
	c.state.Store(uint32(next))
	c.publish()
	if c.observer != nil {
		c.observer(Transition{NamespaceID: c.pod.NamespaceID, From: from, Event: e, To: next, Err: cause})
	}
	return nil
}

// require fails with a failed-precondition error naming the operation and
// the state when the current state accepts none of events.
func (c *Controller) require(op string, events ...Event) error {
	s := c.State()
	for _, e := range events {
		if s.Can(e) {
			return nil
		}
	}
	return fmt.Errorf("cannot %s network %s in state %s: %w", op, c.pod.NamespaceID, s, errdefs.ErrFailedPrecondition)
}
