package othernet

import (
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
)

// Config is what one pod's Network is built from.
type Config struct {
	// NamespaceID is the pod's HCN namespace, a GUID.
	NamespaceID string
	// PolicyBasedRouting is passed to a Linux guest with every NIC.
	PolicyBasedRouting bool
	// VM hot-adds and hot-removes the NICs.
	VM netcore.VMNetworkManager
	// Host reads the namespace and its endpoints from HCN.
	Host netcore.HostNetwork
	// Guest is the platform's guest: LinuxGuest or WindowsGuest.
	Guest Guest
	// Capabilities is asked once, by New, whether the guest accepts
	// namespace add requests; nil means it does not.
	Capabilities netcore.CapabilitiesProvider
	// NewNICID returns a fresh NIC ID; nil means a random version 4 GUID.
	NewNICID func() (string, error)
	// Bug plants one defect, for the suite's self-tests; zero is none.
	Bug Bug
}

// Network is one pod's network. Its operations run one at a time; State
// never waits for them.
type Network struct {
	op sync.Mutex // held for a whole operation

	namespaceID string
	pbr         bool
	nsSupported bool
	vm          netcore.VMNetworkManager
	host        netcore.HostNetwork
	guest       Guest
	newNICID    func() (string, error)
	bug         Bug

	state atomic.Uint32 // a netcore.State

	// namespace is the document Setup read; Teardown falls back on it
	// when HCN no longer has the namespace.
	namespace *hcnmodel.Namespace
	// namespaceInGuest is set once the guest accepted the namespace and
	// cleared once it let go of it.
	namespaceInGuest bool
	// nics holds one record per NIC, in attach order.
	nics []*record

	// frozen is the snapshot Save took, returned again by a retry.
	frozen []byte
	// destination is the namespace Patch recorded for the reset.
	destination string
}

// record is what was done for one NIC. Each flag is set when its step
// succeeded and cleared when its undo did (or found the VM or guest gone),
// so whatever Teardown finds set is exactly what is left to undo.
type record struct {
	nicID        string
	endpoint     *hcnmodel.Endpoint
	adapter      netcore.NetworkAdapter
	linuxAdapter *netlcow.Adapter

	inGuest bool // pre-added or configured in the guest
	onVM    bool // hot-added to the VM
	// imported says the NIC came with a snapshot: its VM side is the
	// migration source's, never this network's to remove.
	imported bool
}

// done says whether nothing of the NIC is left anywhere.
func (r *record) done() bool { return !r.inGuest && !r.onVM }

// New returns a Network in NotConfigured, or an error naming the first
// field that is missing or malformed.
func New(cfg Config) (*Network, error) {
	switch {
	case !isGUID(cfg.NamespaceID):
		return nil, fmt.Errorf("othernet: NamespaceID %q is not a GUID", cfg.NamespaceID)
	case cfg.VM == nil:
		return nil, errors.New("othernet: VM is nil")
	case cfg.Host == nil:
		return nil, errors.New("othernet: Host is nil")
	case !cfg.Guest.valid():
		return nil, errors.New("othernet: Guest must be one LinuxGuest or WindowsGuest")
	}
	n := &Network{
		namespaceID: cfg.NamespaceID,
		pbr:         cfg.PolicyBasedRouting,
		vm:          cfg.VM,
		host:        cfg.Host,
		guest:       cfg.Guest,
		newNICID:    cfg.NewNICID,
		bug:         cfg.Bug,
	}
	if cfg.Capabilities != nil {
		n.nsSupported = cfg.Capabilities.IsNamespaceAddRequestSupported()
	}
	if n.newNICID == nil {
		n.newNICID = randomGUID
	}
	n.setState(netcore.StateNotConfigured)
	return n, nil
}

// State returns the network's lifecycle state.
func (n *Network) State() netcore.State { return netcore.State(n.state.Load()) }

func (n *Network) setState(s netcore.State) { n.state.Store(uint32(s)) }

// markInvalidOnPanic leaves the network Invalid when a manager panics in
// an operation, so that Teardown, which the panic's caller will run, undoes
// what the records hold; the panic goes on to the caller.
func (n *Network) markInvalidOnPanic() {
	if v := recover(); v != nil {
		n.setState(netcore.StateInvalid)
		panic(v)
	}
}

// randomGUID returns a version 4 GUID.
func randomGUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("othernet: NIC ID: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}
