package lcow

import (
	"context"
	"encoding/json"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
)

// SimulatedAgent is the suite's simulated Linux guest agent in a Utility
// VM of its own, answering as the suite's wire run has it answer: the
// same requests can be fed to it and to hcsshim's real agent, and the
// answers compared (the repository's checks/realguest does, and plants
// changes in its answers to prove the comparison sees them). The
// simulated world it runs in is internal to the conformance module; this
// is the one way in, and it carries only what such a differential feeds
// and reads.
type SimulatedAgent struct {
	w *simworld.World
	g *simworld.Guest
}

// NewSimulatedAgent returns an agent holding no adapter, in a VM holding
// no NIC.
func NewSimulatedAgent() *SimulatedAgent {
	w := simworld.New(simworld.Options{})
	return &SimulatedAgent{w: w, g: w.Guest()}
}

// Modify hands the agent one guest modification request as hcsshim's
// bridge carries it (RequestType, ResourceType and Settings), read as
// the agent reads it. A request that does not decode is refused.
func (a *SimulatedAgent) Modify(ctx context.Context, request []byte) error {
	var req conformance.WireRequest
	if err := json.Unmarshal(request, &req); err != nil {
		return err
	}
	req.Raw = request
	return wireAgent(ctx, a.g, req)
}

// HotAdd makes the VM hold NIC nicID with the MAC mac, as a hot-add does
// before the agent hears of the NIC.
func (a *SimulatedAgent) HotAdd(nicID, mac string) {
	a.w.SeedVMNIC(nicID, simworld.Adapter{MAC: mac})
}

// HotRemove hot-removes NIC nicID, with the MAC mac, from the VM.
func (a *SimulatedAgent) HotRemove(ctx context.Context, nicID, mac string) error {
	return a.w.RemoveNIC(ctx, nicID, simworld.Adapter{MAC: mac})
}

// StartSandbox starts the pod's sandbox in the guest namespace
// namespaceID, as the agent's container creation does (its
// AssignContainerPid and Sync): the agent moves every adapter it holds
// there into the sandbox.
func (a *SimulatedAgent) StartSandbox(ctx context.Context, namespaceID string) error {
	return a.g.StartSandbox(ctx, namespaceID)
}

// Adapters returns the IDs of the adapters the agent holds for the guest
// namespace namespaceID, and whether it knows the namespace at all.
func (a *SimulatedAgent) Adapters(namespaceID string) (ids []string, known bool) {
	return a.w.LinuxAdapters(namespaceID)
}
