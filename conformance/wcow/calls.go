package wcow

import (
	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netwcow"
)

// noEndpoint is the endpoint argument of the requests that carry none.
var noEndpoint *hcnmodel.Endpoint

// guestCalls spells out a Windows guest's side of each step: the HCN
// namespace document goes in first and comes out last, when the guest
// supports namespace add requests; every NIC is pre-added with its
// endpoint before its hot-add, added after it, and removed before its
// hot-remove.
func guestCalls(step conformance.GuestStep) []conformance.GuestCall {
	nic := step.NIC
	switch step.Kind {
	case conformance.StepAddNamespace:
		if step.Pod.GuestNamespaceSupported {
			return []conformance.GuestCall{{Method: "AddNetworkNamespace", Args: []any{step.Namespace}}}
		}
	case conformance.StepRemoveNamespace:
		if step.Pod.GuestNamespaceSupported {
			return []conformance.GuestCall{{Method: "RemoveNetworkNamespace", Args: []any{step.Namespace}}}
		}
	case conformance.StepPrepareNIC:
		return []conformance.GuestCall{{Method: "AddNetworkInterface", Args: []any{nic.ID, netwcow.RequestTypePreAdd, nic.Endpoint}}}
	case conformance.StepConfigureNIC:
		return []conformance.GuestCall{{Method: "AddNetworkInterface", Args: []any{nic.ID, netwcow.RequestTypeAdd, noEndpoint}}}
	case conformance.StepRemoveNIC:
		return []conformance.GuestCall{{Method: "RemoveNetworkInterface", Args: []any{nic.ID, netwcow.RequestTypeRemove, noEndpoint}}}
	}
	return nil
}
