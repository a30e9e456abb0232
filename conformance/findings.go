package conformance

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
)

// Findings an integrator can act on: one root finding per scenario, what
// followed from it folded under it; a panic in the controller under test
// said as such, with where it happened; a call a gomock manager expected
// and never got said as the contract step the controller skipped.

// fold keeps the first finding as the scenario's root and folds the rest
// under it, so that one defect counts once however many checks it trips.
func fold(findings []string) []string {
	if len(findings) < 2 {
		return slices.Clone(findings)
	}
	rest := findings[1:]
	var b strings.Builder
	b.WriteString(findings[0])
	noun := "findings"
	if len(rest) == 1 {
		noun = "finding"
	}
	fmt.Fprintf(&b, "\n(and %d follow-on %s:", len(rest), noun)
	for _, f := range rest {
		b.WriteString("\n  - ")
		b.WriteString(strings.ReplaceAll(f, "\n", "\n    "))
	}
	b.WriteString(")")
	return []string{b.String()}
}

// suitePackages are the packages whose frames are the suite's, never the
// controller's: the suite itself (its bindings and mocks included, not
// the second controller it judges), its simulator, and gomock.
var suitePackages = []string{
	"github.com/uvmnet/uvmnet/conformance.",
	"github.com/uvmnet/uvmnet/conformance/lcow.",
	"github.com/uvmnet/uvmnet/conformance/wcow.",
	"github.com/uvmnet/uvmnet/conformance/internal/mocks/",
	"github.com/uvmnet/uvmnet/netcore/nettest.",
	"github.com/uvmnet/uvmnet/conformance/internal/simworld.",
	"go.uber.org/mock/",
}

func suiteFrame(function string) bool {
	for _, p := range suitePackages {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}

// panicFinding says what a panic the suite recovered was. It must be
// called from the deferred function that recovered it, where the
// panicking frames are still on the stack. A panic raised outside the
// suite is the controller's: the finding names the operation the suite
// had called (the outermost frame outside the suite) and the first frame
// outside the suite, where it happened; stack follows for the details.
func panicFinding(v any, stack []byte) string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(1, pcs)])
	var first, entry runtime.Frame
	panicking := false
	for {
		fr, more := frames.Next()
		switch {
		case !panicking:
			panicking = fr.Function == "runtime.gopanic"
		case strings.HasPrefix(fr.Function, "runtime."):
		case suiteFrame(fr.Function):
			more = false
		default:
			if first.Function == "" {
				first = fr
			}
			entry = fr
		}
		if !more {
			break
		}
	}
	if first.Function == "" {
		return fmt.Sprintf("panic: %v\n%s", v, stack)
	}
	op := entry.Function[strings.LastIndex(entry.Function, ".")+1:]
	return fmt.Sprintf("the controller panicked in %s: %v, at %s (%s:%d)\n%s", op, v, first.Function, first.File, first.Line, stack)
}

// missingCallFinding says which contract step a gomock expectation that
// never came stands for. call is gomock's description of the expected
// call: "<receiver type>.<method>(<argument matchers>) <where expected>".
func missingCallFinding(call any) string {
	desc := fmt.Sprint(call)
	head, _, _ := strings.Cut(desc, "(")
	method := head[strings.LastIndex(head, ".")+1:]
	manager := "guest"
	switch {
	case strings.Contains(head, "VMNetworkManager"):
		manager = "vm"
	case strings.Contains(head, "HostNetwork"):
		manager = "host"
	}
	step, ok := contractSteps[method]
	if !ok {
		step = "call " + method
	}
	return fmt.Sprintf("the controller skipped a step the contract requires: %s (%s.%s, never called; expected %s)", step, manager, method, strings.TrimPrefix(desc, head))
}

// contractSteps names, by manager method, the step of a NIC's or a
// namespace's life a call is.
var contractSteps = map[string]string{
	"AddNIC":                  "hot-add the NIC to the VM",
	"RemoveNIC":               "hot-remove the NIC from the VM",
	"AddNetworkNamespace":     "add the namespace to the guest",
	"RemoveNetworkNamespace":  "remove the namespace from the guest",
	"AddNetworkInterface":     "add the NIC in the guest",
	"RemoveNetworkInterface":  "remove the NIC from the guest",
	"GetNamespaceByID":        "read the namespace from HCN",
	"GetNamespaceEndpointIDs": "read the namespace's endpoint IDs from HCN",
	"GetEndpointByID":         "read the endpoint from HCN",
}
