package othernet

import (
	"context"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netlcow"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Guest is the guest agent's network surface of one platform: build it
// with LinuxGuest or WindowsGuest. The controller speaks to the platform's
// own contract, not to an abstraction of guest steps.
type Guest struct {
	linux   netlcow.GuestNetworkManager
	windows netwcow.GuestNetworkManager
}

// LinuxGuest is the guest of a Linux (LCOW) pod.
func LinuxGuest(m netlcow.GuestNetworkManager) Guest { return Guest{linux: m} }

// WindowsGuest is the guest of a Windows (WCOW) pod.
func WindowsGuest(m netwcow.GuestNetworkManager) Guest { return Guest{windows: m} }

func (g Guest) valid() bool { return (g.linux != nil) != (g.windows != nil) }

// addsNamespace says whether the pod's namespace itself goes into the
// guest: only a Windows guest that accepts namespace add requests takes it.
// A Linux guest's namespace belongs to the pause container.
func (g Guest) addsNamespace(nsSupported bool) bool { return g.windows != nil && nsSupported }

// preAdds says whether the guest hears of a NIC before its hot-add: a
// Windows guest always does.
func (g Guest) preAdds() bool { return g.windows != nil }

// configures says whether the guest is told of a NIC after its hot-add: a
// Windows guest always is, a Linux guest only when it accepts namespace add
// requests (otherwise it configures the device itself).
func (g Guest) configures(nsSupported bool) bool { return g.windows != nil || nsSupported }

func (g Guest) addNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return g.windows.AddNetworkNamespace(ctx, ns)
}

func (g Guest) removeNamespace(ctx context.Context, ns *hcnmodel.Namespace) error {
	return g.windows.RemoveNetworkNamespace(ctx, ns)
}

func (g Guest) preAdd(ctx context.Context, rec *record) error {
	return g.windows.AddNetworkInterface(ctx, rec.nicID, netwcow.RequestTypePreAdd, rec.endpoint)
}

// add completes a hot-added NIC in the guest: the Windows add, or the
// Linux adapter document built before the first call.
func (g Guest) add(ctx context.Context, rec *record) error {
	if g.linux != nil {
		return g.linux.AddNetworkInterface(ctx, rec.linuxAdapter)
	}
	return g.windows.AddNetworkInterface(ctx, rec.nicID, netwcow.RequestTypeAdd, nil)
}

func (g Guest) remove(ctx context.Context, namespaceID string, rec *record) error {
	if g.linux != nil {
		return g.linux.RemoveNetworkInterface(ctx, &netlcow.Adapter{NamespaceID: namespaceID, ID: rec.nicID})
	}
	return g.windows.RemoveNetworkInterface(ctx, rec.nicID, netwcow.RequestTypeRemove, nil)
}
