package wcow

import "github.com/uvmnet/uvmnet/conformance/internal/simworld"

// Answers are the plausible answers of the Windows guest agent, whose
// source is closed, to the requests on which guest agents differ: the
// removal of a NIC or namespace it does not hold, a duplicate add, the
// final add of a NIC that was never pre-added, a request without a
// ResourceType, a key it does not know. [Platform] runs the suite under
// each; a controller must be correct under each of these.
var Answers = []simworld.Answers{simworld.Strict, simworld.Tolerant}
