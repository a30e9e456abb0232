package conformance

import (
	"errors"
	"runtime"
)

// Profile is a set of rules a scenario's findings belong to.
type Profile int

const (
	// Contract is what the real system requires of every pod-network
	// controller: nothing leaks after Teardown under any fault, Teardown
	// is retryable and never repeats a removal the real part refuses a
	// second time (a VM hot-remove; a Windows guest's, whose agent is
	// closed source and may refuse it), no VM call on an ended context,
	// no call naming another pod's namespace, eth0 is
	// attached first, per NIC the guest lets go before the VM hot-remove,
	// the Windows pre-add, hot-add, add order, the namespace added before
	// its NICs and removed after them, gone VMs and guests handled, the
	// documented states, snapshots hcsshim reads. It leaves free what the
	// real system leaves free: the order of removals across NICs, HCN
	// re-read at Teardown (a migration destination may find HCN without
	// its namespace), how an error is classed, a guest call on an ended
	// context (refused unsent), whether hostile input is refused before
	// any call. Every rule names its source in contractSources. [Run]
	// checks it.
	Contract Profile = iota
	// Extensions are uvmnet's own choices on top of the contract: errors
	// classed with github.com/containerd/errdefs, Import accepting
	// uvmnet's earlier snapshot type URL and refusing a negative
	// concurrency, byte-identical snapshots from a retried Save, hostile
	// input, snapshots and Patch IDs refused before any VM or guest call,
	// and the one strict call order at concurrency 1 (no HCN read at
	// Teardown, the removals in reverse attach order). Opt in with
	// Suite.Extensions;
	// uvmnet's own bindings pass both profiles.
	Extensions
)

// String names the profile as the report prints it.
func (p Profile) String() string {
	if p == Extensions {
		return "extensions"
	}
	return "contract"
}

// Extf records a finding against the Extensions profile, whatever the
// scenario's: a contract scenario checks the contract part of a rule with
// Errorf and uvmnet's stricter part with Extf.
func (r *reporter) Extf(format string, args ...any) {
	r.markExtChecked()
	r.record(Extensions, format, args...)
}

// markExtChecked records that an Extensions check ran, so that the
// scenario has an Extensions result even when the check passed.
func (r *reporter) markExtChecked() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.extChecked = true
}

// extCheck records that an Extensions check ran, and, when it failed, the
// finding: a scenario has an Extensions result whenever one ran.
func (r *reporter) extCheck(failed bool, format string, args ...any) {
	r.markExtChecked()
	if failed {
		r.Extf(format, args...)
	}
}

// expectClass checks, under the Extensions profile, that err carries the
// errdefs class of want (errdefs.ErrNotFound and the like). A nil err is
// the contract's business and is not reported here.
func (r *reporter) expectClass(what string, err, want error) {
	r.markExtChecked()
	if err != nil && !errors.Is(err, want) {
		r.Extf("%s: error %q is not classed %q", what, err, want)
	}
}

// expectRefusal checks that an operation the contract refuses failed
// (Contract) with the errdefs class uvmnet gives it (Extensions).
func expectRefusal(r *reporter, what string, err, class error) {
	if err == nil {
		r.Errorf("%s: got nil error, want a refusal", what)
		return
	}
	r.expectClass(what, err, class)
}

// notApplicable ends the scenario as not applicable, with why: the
// controller lacks what it needs, or there is nothing to check.
func (r *reporter) notApplicable(why string) {
	r.markNotApplicable(why)
	runtime.Goexit()
}

// markNotApplicable records why the scenario is not applicable and lets
// it end on its own. A finding, before or after, still fails it.
func (r *reporter) markNotApplicable(why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.na = why
}
