package netlcow

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/uvmnet/uvmnet/netcore"
)

// ErrRunningPod is the cause of a NIC add that hcsshim v0.15.0's Linux
// guest agent refused because the pod's sandbox runs: LCOW hot-plug into
// a running pod cannot succeed on that agent. Every add runs the agent's
// Sync (internal/guest/runtime/hcsv2/uvm.go, modifyNetwork), which, once
// the sandbox's pid is assigned, moves every adapter the agent holds into
// the pod again (network.go, Sync and assignToPid) and fails on the first
// one, already there ("failed to move interface ...: Link not found").
// The agent would accept the add if Sync skipped adapters it has moved
// already (those with an assigned pid, which it records and never reads).
//
// No host-side sequence makes it work for every pod: making the agent
// forget the pod's adapters first (a guest Remove, which leaves the
// interfaces configured) lets the new one through, measured against the
// real agent by uvmnet's checks/realguest, but the new NIC then counts as
// the first, so with policy-based routing its routes clash with eth0's,
// and containers created afterwards lose the forgotten NICs' DNS settings
// (sandbox_container.go reads them from the adapters the agent holds).
// uvmnet does not do it; a hot-plug before the sandbox starts succeeds.
var ErrRunningPod = errors.New("hcsshim v0.15.0's Linux guest agent cannot attach a NIC to a pod whose sandbox runs: " +
	"each add moves every NIC it holds into the pod again and fails on the first, already moved " +
	"(internal/guest/runtime/hcsv2/network.go, Sync); the agent would have to skip NICs it moved before")

// agentMoveFailure is how the agent's refusal reads when Sync failed to
// move an adapter it moved before.
const agentMoveFailure = "failed to move interface"

// runningPodCause adds ErrRunningPod to a guest's refusal of an add that
// failed because the pod's sandbox runs.
func runningPodCause(err error) error {
	if err != nil && strings.Contains(err.Error(), agentMoveFailure) {
		return fmt.Errorf("%w: %w", ErrRunningPod, err)
	}
	return err
}

// forgetRefused reads the guest's refusal of an add. When the pod's
// sandbox runs, the agent has recorded the adapter before its Sync failed
// (network.go, AddAdapter then Sync): the controller's rollback only
// hot-removes the NIC, as the add failed, so the agent is told to forget
// the adapter now (its Remove always succeeds), or it would hold it for
// the pod's life (measured by uvmnet's checks/realguest).
func (p guestSteps) forgetRefused(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo, err error) error {
	err = runningPodCause(err)
	if !errors.Is(err, ErrRunningPod) {
		return err
	}
	if rerr := p.guest.RemoveNetworkInterface(context.WithoutCancel(ctx), &Adapter{NamespaceID: pod.NamespaceID, ID: nic.ID}); rerr != nil {
		return errors.Join(err, fmt.Errorf("make the guest forget NIC %s: %w", nic.ID, rerr))
	}
	return err
}
