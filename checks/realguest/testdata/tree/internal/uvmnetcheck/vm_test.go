package uvmnetcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/vishvananda/netlink"
)

// vmDouble is the Utility VM's compute system as uvmnet's ready managers
// see it (hcsmodify.ComputeSystem). A NIC hot-add creates a link in this
// network namespace, the agent's (one end of a veth pair whose other end,
// up, stays behind as the host's side of the NIC: the link has a carrier,
// and kernels without the dummy driver have veth), and the device entry the agent waits
// for, /sys/bus/vmbus/devices/<NIC ID>/net/<ifname>; a hot-remove takes
// both away again, wherever the link has moved. A guest request (the
// legacy route) is handed to the agent on the guest connection, as HCS
// forwards it.
type vmDouble struct {
	agent *agent
	// pod is the sandbox's network, where a hot-remove finds a link the
	// agent moved; nil before the sandbox starts.
	pod *sandbox

	mu   sync.Mutex
	nics map[string]string // NIC ID, lower-cased -> interface name
	next int               // the next interface number
	// prefix starts interface names: "eth", as a Linux guest names its
	// NICs, or one of its own for VMs that share the namespace at once.
	prefix string
}

func newVMDouble(a *agent) *vmDouble {
	return &vmDouble{agent: a, nics: map[string]string{}, prefix: "eth"}
}

func (*vmDouble) ID() string { return "uvmnet-realguest-uvm" }

// modifyDocument is what HCS reads of a modify document.
type modifyDocument struct {
	ResourcePath string
	RequestType  string
	Settings     struct{ EndpointId, MacAddress string }
	GuestRequest json.RawMessage
}

const adaptersPath = "VirtualMachine/Devices/NetworkAdapters/"

func (v *vmDouble) Modify(ctx context.Context, config interface{}) error {
	raw, err := json.Marshal(config)
	if err != nil {
		return err
	}
	var doc modifyDocument
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	var nicID string
	if doc.ResourcePath != "" {
		var ok bool
		if nicID, ok = strings.CutPrefix(doc.ResourcePath, adaptersPath); !ok {
			return fmt.Errorf("vm double: resource path %q is not a NIC", doc.ResourcePath)
		}
	}
	guest := func() error {
		if len(doc.GuestRequest) == 0 {
			return nil
		}
		return v.agent.gc.Modify(ctx, doc.GuestRequest)
	}
	switch {
	case nicID == "":
		return guest()
	case doc.RequestType == "Add":
		if err := v.hotAdd(nicID, doc.Settings.MacAddress); err != nil {
			return err
		}
		return guest()
	case doc.RequestType == "Remove":
		if err := guest(); err != nil {
			return err
		}
		return v.hotRemove(nicID)
	}
	return fmt.Errorf("vm double: request type %q", doc.RequestType)
}

// hotAdd creates the NIC's link and, atomically, its device entry.
func (v *vmDouble) hotAdd(nicID, mac string) error {
	hw, err := net.ParseMAC(mac)
	if err != nil {
		return fmt.Errorf("vm double: NIC %s: MAC %q: %w", nicID, mac, err)
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	key := strings.ToLower(nicID)
	if _, on := v.nics[key]; on {
		return fmt.Errorf("vm double: NIC %s already hot-added", nicID)
	}
	ifname := fmt.Sprintf("%s%d", v.prefix, v.next)
	v.next++
	link := &netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: ifname, HardwareAddr: hw}, PeerName: "h" + ifname}
	if err := netlink.LinkAdd(link); err != nil {
		return fmt.Errorf("vm double: creating %s: %w", ifname, err)
	}
	peer, err := netlink.LinkByName(link.PeerName)
	if err != nil {
		return err
	}
	if err := netlink.LinkSetUp(peer); err != nil {
		return err
	}
	// The agent waits for <ID>/net and then reads the one entry in it:
	// the entry appears whole, by a rename.
	dev := filepath.Join(vmbusDevices, key)
	staging := filepath.Join(dev, ".net")
	if err := os.MkdirAll(filepath.Join(staging, ifname), 0o755); err != nil {
		return err
	}
	if err := os.Rename(staging, filepath.Join(dev, "net")); err != nil {
		return err
	}
	v.nics[key] = ifname
	return nil
}

// hotRemove takes the NIC's device entry and its link away.
func (v *vmDouble) hotRemove(nicID string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	key := strings.ToLower(nicID)
	ifname, on := v.nics[key]
	if !on {
		return fmt.Errorf("vm double: NIC %s is not on the VM", nicID)
	}
	if err := os.RemoveAll(filepath.Join(vmbusDevices, key)); err != nil {
		return err
	}
	delete(v.nics, key)
	if link, err := netlink.LinkByName(ifname); err == nil {
		return netlink.LinkDel(link)
	}
	if v.pod != nil {
		if link, err := v.pod.h.LinkByName(ifname); err == nil {
			return v.pod.h.LinkDel(link)
		}
	}
	return nil
}

// held lists the NIC IDs on the VM, lower-cased.
func (v *vmDouble) held() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	ids := make([]string, 0, len(v.nics))
	for id := range v.nics {
		ids = append(ids, id)
	}
	return ids
}
