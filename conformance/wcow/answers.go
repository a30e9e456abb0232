package wcow

import (
	"context"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/simworld"
	"github.com/uvmnet/uvmnet/netwcow"
)

// Answers are the plausible answers of the Windows guest agent, whose
// source is closed, to the requests on which guest agents differ: the
// removal of a NIC or namespace it does not hold, a duplicate add, the
// final add of a NIC that was never pre-added, a request without a
// ResourceType, a key it does not know. [Binding]'s agent gives the
// strict answers; a controller must be correct under each of these.
var Answers = []simworld.Answers{simworld.Strict, simworld.Tolerant}

// BindingAnswering is [Binding] with a simulated Windows guest agent that
// answers as a says, named "wcow" for the strict answers and
// "wcow-<answers>" otherwise, so that a report tells the runs apart.
// [simworld.Pedantic] is for a controller's own tests: a Windows agent
// given it answers strictly.
func BindingAnswering(a simworld.Answers) conformance.Binding {
	b := Binding()
	if a == simworld.Strict || a == simworld.Pedantic {
		return b
	}
	b.Name += "-" + a.String()
	b.SimGuest = func(guest *conformance.SimGuest) any {
		return netwcow.GuestNetworkManager(simAgent{guest.Answering(a)})
	}
	if b.Wire != nil {
		wire := *b.Wire
		wire.Agent = func(ctx context.Context, guest *conformance.SimGuest, req conformance.WireRequest) error {
			return wireAgent(ctx, guest.Answering(a), req)
		}
		b.Wire = &wire
	}
	return b
}

// Bindings returns a binding for each of the [Answers].
func Bindings() []conformance.Binding {
	out := make([]conformance.Binding, len(Answers))
	for i, a := range Answers {
		out[i] = BindingAnswering(a)
	}
	return out
}
