package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
)

// The plan runs the real controller and managers; only the two transports
// at the bottom are replaced, by recorders that keep the bytes a real
// transport would send (encoding/json, as hcsshim's compute system and
// guest connection marshal what they are handed). Labels come from thin
// wrappers around the VM manager and the guest steps, which name the step
// the controller is running while its documents are recorded: the
// controller, not a reading of the documents, says what each one is for.

// Transport names, as printed.
const (
	transportComputeSystem   = "compute-system"
	transportGuestConnection = "guest-connection"
)

// sentDocument is one document handed to a transport.
type sentDocument struct {
	Operation string // setup or teardown
	Transport string
	Step      string
	Bytes     []byte
}

// journal hands documents to emit in the order the transports receive
// them, each under the operation and step running at the time. The plan
// runs the controller at concurrency 1, so one step runs at a time. An
// error from emit (standard output gone) fails the transport, and so the
// plan.
type journal struct {
	mu        sync.Mutex
	operation string
	step      string
	emit      func(sentDocument) error
}

func (j *journal) setOperation(op string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.operation = op
}

// during runs call with step as the current label.
func (j *journal) during(step string, call func() error) error {
	j.mu.Lock()
	j.step = step
	j.mu.Unlock()
	defer func() {
		j.mu.Lock()
		j.step = ""
		j.mu.Unlock()
	}()
	return call()
}

func (j *journal) record(transport string, doc interface{}) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("%s: document does not marshal: %w", transport, err)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.emit(sentDocument{Operation: j.operation, Transport: transport, Step: j.step, Bytes: b})
}

// recordingComputeSystem is the Utility VM's compute system, recording.
type recordingComputeSystem struct{ j *journal }

var _ hcsmodify.ComputeSystem = recordingComputeSystem{}

// ID names the compute system in the VM manager's errors.
func (recordingComputeSystem) ID() string { return "plan" }

func (c recordingComputeSystem) Modify(_ context.Context, doc interface{}) error {
	return c.j.record(transportComputeSystem, doc)
}

// recordingGuestConnection is the guest connection, recording; its bridge
// is always up.
type recordingGuestConnection struct{ j *journal }

var _ hcsmodify.GuestConnection = recordingGuestConnection{}

func (recordingGuestConnection) IsBridgeConnected() bool { return true }

func (c recordingGuestConnection) Modify(_ context.Context, req interface{}) error {
	return c.j.record(transportGuestConnection, req)
}

// labelledVM names the VM manager's steps in the journal.
type labelledVM struct {
	j     *journal
	inner netcore.VMNetworkManager
}

func (v labelledVM) AddNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	return v.j.during(fmt.Sprintf("hot-add NIC %s (endpoint %s)", label(nicID), label(a.EndpointId)), func() error {
		return v.inner.AddNIC(ctx, nicID, a)
	})
}

func (v labelledVM) RemoveNIC(ctx context.Context, nicID string, a *netcore.NetworkAdapter) error {
	return v.j.during(fmt.Sprintf("hot-remove NIC %s (endpoint %s)", label(nicID), label(a.EndpointId)), func() error {
		return v.inner.RemoveNIC(ctx, nicID, a)
	})
}

// labelledGuest names the guest steps in the journal.
type labelledGuest struct {
	j     *journal
	inner netcore.GuestSteps
}

func (g labelledGuest) UsesGuestNamespace(pod netcore.PodNetwork) bool {
	return g.inner.UsesGuestNamespace(pod)
}

func (g labelledGuest) PreparesNIC(pod netcore.PodNetwork) bool { return g.inner.PreparesNIC(pod) }

func (g labelledGuest) AddNamespace(ctx context.Context, pod netcore.PodNetwork, ns *hcnmodel.Namespace) error {
	return g.j.during("add namespace "+label(ns.Id)+" to the guest", func() error {
		return g.inner.AddNamespace(ctx, pod, ns)
	})
}

func (g labelledGuest) RemoveNamespace(ctx context.Context, pod netcore.PodNetwork, ns *hcnmodel.Namespace) error {
	return g.j.during("remove namespace "+label(ns.Id)+" from the guest", func() error {
		return g.inner.RemoveNamespace(ctx, pod, ns)
	})
}

func (g labelledGuest) PrepareNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	return g.j.during("pre-add NIC "+describeNIC(nic)+" in the guest", func() error {
		return g.inner.PrepareNIC(ctx, pod, nic)
	})
}

func (g labelledGuest) ConfigureNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	return g.j.during("configure NIC "+describeNIC(nic)+" in the guest", func() error {
		return g.inner.ConfigureNIC(ctx, pod, nic)
	})
}

func (g labelledGuest) RemoveNIC(ctx context.Context, pod netcore.PodNetwork, nic netcore.NICInfo) error {
	return g.j.during("remove NIC "+describeNIC(nic)+" from the guest", func() error {
		return g.inner.RemoveNIC(ctx, pod, nic)
	})
}

func describeNIC(nic netcore.NICInfo) string {
	if nic.Endpoint == nil {
		return label(nic.ID)
	}
	if nic.Endpoint.Name == "" {
		return fmt.Sprintf("%s (endpoint %s)", label(nic.ID), label(nic.Endpoint.Id))
	}
	return fmt.Sprintf("%s (endpoint %s, %s)", label(nic.ID), label(nic.Endpoint.Id), label(nic.Endpoint.Name))
}
