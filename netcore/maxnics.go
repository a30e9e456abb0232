package netcore

import (
	"fmt"
)

// MaxNICs bounds the NICs one pod network attaches to its Utility VM, and
// is the one bound on endpoints per namespace everywhere: Setup, Reconcile,
// AddEndpoint and ResetAfterMigration refuse a namespace listing more
// (before any VM or guest call), and Save and Import refuse a snapshot
// with more bindings. So a network the controller configures can always be
// saved, and a snapshot Save writes is one Import accepts.
//
// The number is Hyper-V's: a virtual machine takes at most 64 Hyper-V
// specific (synthetic) network adapters on Windows Server 2019 and later
// (8 on Windows Server 2016), per Microsoft's "Plan for Hyper-V scalability
// in Windows Server" maximums. A Utility VM's NICs are synthetic: HCS adds
// each as a VirtualMachine/Devices/NetworkAdapters entry. hcsshim v0.15.0
// states no bound of its own; HCS refuses the hot-add past the VM's limit,
// by which time a pod's earlier NICs are attached.
const MaxNICs = 64

// maxNICsSource names where MaxNICs comes from, for refusals.
const maxNICsSource = "Hyper-V's limit of synthetic network adapters per VM (Windows Server 2019 and later)"

// tooManyEndpoints refuses a namespace listing more endpoints than a
// Utility VM takes NICs.
func tooManyEndpoints(namespaceID string, n int) error {
	return invalidField("network "+namespaceID, "endpoints", fmt.Sprintf("%d endpoints", n),
		fmt.Sprintf("more than %d, %s", MaxNICs, maxNICsSource))
}
