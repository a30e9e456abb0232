package conformance

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// scenarioTimeout bounds one scenario. A controller that does not return
// within it (a lock never released, a call that waits forever) fails that
// scenario, and the rest of its binding is not run: a controller stuck
// once is stuck for every scenario after, and waiting out each would
// cost the whole bound again, scenario after scenario.
const scenarioTimeout = 30 * time.Second

// hang is a binding's first hang, after which nothing more of it runs.
type hang struct {
	// stuck names the scenario that did not return and the call it was
	// stuck in; "" until one does.
	stuck string
	// notRun counts the scenarios left out because of it.
	notRun int
}

// run runs sc against b, unless an earlier scenario hung: then sc is
// reported at once as not run, naming that hang.
func (h *hang) run(sc scenario, b binding, extensions bool) []Result {
	if h.stuck != "" {
		h.notRun++
		return []Result{{
			Binding:     b.Name,
			Route:       sc.route,
			Concurrency: sc.concurrency,
			Scenario:    sc.name,
			Profile:     sc.profile,
			NotRun:      "an earlier scenario hung: " + h.stuck,
		}}
	}
	results, stuck := runScenario(sc, b, extensions)
	if stuck != "" {
		h.stuck = fmt.Sprintf("%s %s, %s", b.Name, sc.fullName(), stuck)
	}
	return results
}

// goroutineID is the calling goroutine's ID, as its stack trace names it.
func goroutineID() string {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	f := strings.Fields(string(buf[:n]))
	if len(f) < 2 {
		return ""
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return ""
	}
	return f[1]
}

// stuckCall names, from the stack of goroutine id, the call a stuck
// scenario is waiting in: the outermost function outside the suite that
// the suite called (the controller's method, a wrapper's), with the
// suite's function that called it; "" when the goroutine is gone.
func stuckCall(id string) string {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	var trace []byte
	for _, g := range bytes.Split(buf[:n], []byte("\n\n")) {
		if bytes.HasPrefix(g, []byte("goroutine "+id+" ")) {
			trace = g
			break
		}
	}
	if trace == nil {
		return ""
	}
	// Function lines alternate with their file lines, innermost first,
	// after the goroutine's header.
	var funcs []string
	for i, line := range strings.Split(string(trace), "\n")[1:] {
		if i%2 == 0 && !strings.HasPrefix(line, "created by ") {
			funcs = append(funcs, funcName(line))
		}
	}
	for i := len(funcs) - 1; i > 0; i-- {
		if suiteFrame(funcs[i]) && !suiteFrame(funcs[i-1]) {
			return fmt.Sprintf("stuck in %s (called by %s)", funcs[i-1], strings.TrimPrefix(funcs[i], "github.com/uvmnet/uvmnet/"))
		}
	}
	if len(funcs) > 0 {
		return "stuck in " + funcs[0]
	}
	return ""
}

// funcName is a stack trace's function line without its arguments.
func funcName(line string) string {
	if i := strings.LastIndex(line, "("); i > 0 {
		return line[:i]
	}
	return line
}
