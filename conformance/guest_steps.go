package conformance

import (
	"go.uber.org/mock/gomock"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// ExpectGuestCall records one expected call on a platform's gomock guest
// mock: the method, the context matched by anything, then call's
// arguments. It returns the recorded call, to be ordered.
type ExpectGuestCall func(call GuestCall) *gomock.Call

// GuestStepKind is one of the abstract guest steps of a NIC's and a
// namespace's life, which each platform maps to zero or more calls on its
// guest contract.
type GuestStepKind int

// The abstract guest steps, in the order a NIC's life uses them.
const (
	StepAddNamespace GuestStepKind = iota + 1
	StepRemoveNamespace
	StepPrepareNIC
	StepConfigureNIC
	StepRemoveNIC
)

var stepNames = map[GuestStepKind]string{
	StepAddNamespace:    "add namespace",
	StepRemoveNamespace: "remove namespace",
	StepPrepareNIC:      "prepare NIC",
	StepConfigureNIC:    "configure NIC",
	StepRemoveNIC:       "remove NIC",
}

// String names the step as the suite's failures do ("prepare NIC").
func (k GuestStepKind) String() string { return stepNames[k] }

// GuestStep is one abstract guest step with everything a platform needs to
// spell out its calls.
type GuestStep struct {
	Kind GuestStepKind
	// Pod is what the controller knows of the pod, including the guest's
	// answer on namespace support.
	Pod netcore.PodNetwork
	// Namespace is the namespace document, for the namespace steps.
	Namespace *hcnmodel.Namespace
	// NIC is the NIC, for the NIC steps. Its Endpoint is the full HCN
	// document during Setup, and only ID, MAC and name after Import.
	NIC netcore.NICInfo
}

// GuestCall is one expected call on a platform's guest contract.
type GuestCall struct {
	// Method is the method name on the guest contract.
	Method string
	// Args are the arguments after the context: plain values, compared
	// deeply (pointers by what they point to), or gomock matchers.
	Args []any
}
