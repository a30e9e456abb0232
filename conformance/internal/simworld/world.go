package simworld

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// World is the simulated HCN, VM and guest. It is safe for concurrent use:
// every call runs under one lock, so concurrent callers see a consistent
// world and the race detector sees their interleavings.
type World struct {
	mu   sync.Mutex
	opts Options

	// HCN.
	namespaces   map[string]*hcnmodel.Namespace // namespace ID -> document
	endpointIDs  map[string][]string            // namespace ID -> endpoint IDs, HCN order
	endpoints    map[string]*hcnmodel.Endpoint
	vanishOnRead map[string]bool // endpoints CNI deletes as they are read

	// VM. NIC IDs are GUIDs, which HCS matches whatever their case: the
	// maps are keyed by the lower-cased ID.
	vmNICs    map[string]Adapter
	vmRemoved map[string]bool // NICs hot-removed at least once
	// sourceNICs are the NICs a migration source attached: the guest
	// carries them over, this VM does not hold them as its devices.
	sourceNICs  map[string]Adapter
	hotAddOrder []string // endpoint IDs, in hot-add order
	vmGone      bool

	// Guest.
	guestNICs    map[string]*GuestNIC
	guestRemoved map[string]bool
	guestNS      map[string]bool
	// guestNSRemoved are the namespaces the guest let go of at least once.
	guestNSRemoved map[string]bool
	guestGone      bool
	// linux is the Linux guest agent's own filing of adapters by network
	// namespace, lower-cased, with the pod's sandbox (sandbox.go).
	linux      map[string]*linuxNamespace
	linuxInPod map[string]bool // NICs a Sync moved into a pod

	// nicEndpoints remembers, for every NIC the VM or the guest was given,
	// the endpoint behind it.
	nicEndpoints map[string]string

	calls      []Call
	violations []string

	// inFlight counts the calls running at once, to hold a caller to
	// opts.MaxInFlight; peakInFlight is the most since the last take.
	inFlight, peakInFlight int
}

// Options are the parts of the world that differ between its users.
type Options struct {
	// VMUnavailable and GuestUnavailable are the errors a call wraps once
	// the VM or the guest is gone: netcore's ErrVMUnavailable and
	// ErrGuestUnavailable, which this package cannot import.
	VMUnavailable, GuestUnavailable error
	// Intercept sees every call; nil lets every call through.
	Intercept Interceptor
	// MaxInFlight is how many calls may run at once (the controller's
	// Concurrency); more is a violation. Zero means no bound.
	MaxInFlight int
	// LateCancelOK tolerates a call made after its context was cancelled,
	// which a controller with calls in flight at once cannot prevent; the
	// call still fails with the context's error.
	LateCancelOK bool
	// CallDelay is how long each call takes before it reaches the world,
	// so that calls a controller makes at once overlap measurably. Zero
	// still yields, so that they interleave.
	CallDelay time.Duration
	// SharedVM says the VM and the guest are reached through transports
	// to one VM: once the VM is gone, guest calls fail with VMUnavailable
	// too, not only with GuestUnavailable.
	SharedVM bool
}

// Adapter is what binds a VM NIC to an HCN endpoint (netcore's
// NetworkAdapter).
type Adapter struct {
	EndpointID string
	MAC        string
}

// GuestNIC is the guest's view of one NIC: pre-added with a MAC, then
// configured once the VM has it.
type GuestNIC struct {
	MAC        string
	Configured bool
	// Namespace is the lower-cased network namespace a Linux guest agent
	// filed the NIC under ([Guest.AddAdapter]); "" for the other steps.
	Namespace string
}

// New returns an empty world.
func New(opts Options) *World {
	return &World{
		opts:         opts,
		namespaces:   map[string]*hcnmodel.Namespace{},
		endpointIDs:  map[string][]string{},
		endpoints:    map[string]*hcnmodel.Endpoint{},
		vanishOnRead: map[string]bool{},
		vmNICs:       map[string]Adapter{},
		vmRemoved:    map[string]bool{},
		sourceNICs:   map[string]Adapter{},
		guestNICs:    map[string]*GuestNIC{},
		guestRemoved: map[string]bool{},
		guestNS:      map[string]bool{},
		nicEndpoints: map[string]string{},

		guestNSRemoved: map[string]bool{},
	}
}

// SetOptions replaces the world's options, for a user that learns them
// after building it.
func (w *World) SetOptions(opts Options) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opts = opts
}

// Options returns the world's options.
func (w *World) Options() Options {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.opts
}

// nicKey is the key a NIC ID is held under: HCS and the guest agents
// match NIC GUIDs whatever their case.
func nicKey(nicID string) string { return strings.ToLower(nicID) }

// Violate records a misuse of the world found outside it, such as a
// document its user's transport refused.
func (w *World) Violate(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.violate(format, args...)
}

// violate records a misuse of the world. Callers hold w.mu.
func (w *World) violate(format string, args ...any) {
	w.violations = append(w.violations, fmt.Sprintf(format, args...))
}

// Violations returns the violations recorded so far.
func (w *World) Violations() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.violations)
}

// TakeViolations returns the violations recorded since the last take.
func (w *World) TakeViolations() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	v := w.violations
	w.violations = nil
	return v
}

// begin marks a call in flight until the returned func runs, and records
// a caller with more calls in flight than opts.MaxInFlight allows. It
// yields (or waits opts.CallDelay) between the two, so that calls made at
// once really overlap here.
func (w *World) begin(site string) func() {
	w.mu.Lock()
	w.inFlight++
	w.peakInFlight = max(w.peakInFlight, w.inFlight)
	delay := w.opts.CallDelay
	if limit := w.opts.MaxInFlight; limit > 0 && w.inFlight > limit {
		w.violate("%s: %d calls in flight at once; the controller was given Concurrency %d", site, w.inFlight, limit)
	}
	w.mu.Unlock()
	if delay > 0 {
		time.Sleep(delay)
	} else {
		runtime.Gosched()
	}
	return func() {
		w.mu.Lock()
		w.inFlight--
		w.mu.Unlock()
	}
}

// TakePeakInFlight returns the most calls that were in flight at once
// since the last take.
func (w *World) TakePeakInFlight() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	p := w.peakInFlight
	w.peakInFlight = 0
	return p
}

// call runs op as the call c: it refuses a call on a cancelled context,
// records the call, lets the interceptor decide its fate, fails it when
// its VM or guest is gone, and runs op, all under the world's lock.
func (w *World) call(ctx context.Context, c Call, op func() error) error {
	defer w.begin(c.Site)()
	w.mu.Lock()
	defer w.mu.Unlock()
	in := w.opts.Intercept
	if in != nil {
		defer in.Leave(c)
	}
	if err := ctx.Err(); err != nil {
		// A VM call on an ended context may still be applied: hcsshim's
		// compute-system call starts the HCS syscall and returns ctx.Err()
		// if the context ends first (internal/vmcompute/vmcompute.go), so
		// a controller must not make one. A guest call is refused before
		// it is sent (internal/gcs/bridge.go, the ctx.Err() check at the
		// top of AsyncRPC), so nothing reaches the guest and it is no
		// violation; it fails with the context's error, as there.
		if c.Manager == VMCall && !w.opts.LateCancelOK {
			w.violate("%s %s called after its context was cancelled", c.Site, c.Subject)
		}
		return err
	}
	w.calls = append(w.calls, c)
	if in != nil {
		v := in.Enter(ctx, c)
		switch v.Stop {
		case StopGuest:
			w.stopGuest()
		case StopVM:
			w.stopVM()
		}
		if v.Err != nil {
			return v.Err
		}
	}
	if err := w.unavailable(c); err != nil {
		return err
	}
	return op()
}

// unavailable is the error a call fails with because its VM or guest is
// gone, or nil. Callers hold w.mu.
func (w *World) unavailable(c Call) error {
	switch {
	case c.Manager == VMCall && w.vmGone:
		return fmt.Errorf("sim: %s: VM stopped: %w", c.Site, w.opts.VMUnavailable)
	case c.Manager == GuestCall && w.vmGone && w.opts.SharedVM:
		return fmt.Errorf("sim: %s: the guest's VM stopped: %w", c.Site, w.opts.VMUnavailable)
	case c.Manager == GuestCall && w.guestGone:
		return fmt.Errorf("sim: %s: guest connection closed: %w", c.Site, w.opts.GuestUnavailable)
	}
	return nil
}

// StopGuest simulates the guest dying: everything it held is gone.
func (w *World) StopGuest() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopGuest()
}

func (w *World) stopGuest() {
	w.guestGone = true
	clear(w.guestNICs)
	clear(w.guestNS)
}

// StopVM simulates the VM stopping: its NICs go, and the guest with it.
func (w *World) StopVM() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopVM()
}

func (w *World) stopVM() {
	w.vmGone = true
	clear(w.vmNICs)
	w.stopGuest()
}

// Gone reports whether the VM or the guest is gone.
func (w *World) Gone() (vm, guest bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.vmGone, w.guestGone
}
