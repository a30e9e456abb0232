package teardowntest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// Platform is how a guest platform builds its ready guest steps over each
// guest route, for [CheckTeardownErrors].
type Platform struct {
	// Guest builds the steps over the guest connection.
	Guest func(conn hcsmodify.GuestConnection) netcore.GuestSteps
	// LegacyGuest builds the steps over the compute system (the legacy
	// route).
	LegacyGuest func(cs hcsmodify.ComputeSystem) netcore.GuestSteps
}

// CheckTeardownErrors runs netcore's error contract through a platform's
// ready managers over transports that answer with hcsshim's own errors
// (no netcore sentinel anywhere), at every call of a two-NIC Teardown, on
// both guest routes:
//
//   - the VM goes (the compute system answers one of [hcsmodifytest.VMGoneErrors], the
//     guest connection a killed bridge): Teardown succeeds on its first
//     call, TornDown;
//   - the guest agent goes, the VM stays (the guest connection answers one
//     of [hcsmodifytest.GuestGoneErrors]): Teardown succeeds on its first call and still
//     makes every VM hot-remove;
//   - one call fails otherwise ([hcsmodifytest.OrdinaryErrors]): Teardown fails wrapping
//     that error, the controller is Invalid, and a retry tears down,
//     making each removal exactly once in all.
func CheckTeardownErrors(t *testing.T, p Platform) {
	routes := map[string]func(*wireFakes) netcore.GuestSteps{
		"guest connection": func(f *wireFakes) netcore.GuestSteps { return p.Guest(guestConnFake{f}) },
		"compute system":   func(f *wireFakes) netcore.GuestSteps { return p.LegacyGuest(computeSystemFake{f}) },
	}
	for route, guest := range routes {
		t.Run(route, func(t *testing.T) {
			clean := newTornDownRun(t, guest, noFault{})
			for k := range clean {
				at := fmt.Sprintf("at teardown call %d", k)
				for name, gone := range hcsmodifytest.VMGoneErrors(fakeComputeSystemID) {
					t.Run("VM gone/"+name+"/"+at, func(t *testing.T) {
						vmDies := fromCall{at: k, vm: gone, guest: hcsmodifytest.BridgeKilled(gone)}
						newTornDownRun(t, guest, vmDies)
					})
				}
				if route == "compute system" {
					// The legacy route reads a guest request's error with
					// the compute system's rows: a guest removal answered
					// with ERROR_NOT_FOUND may read as "VM gone", but the
					// VM lives and its hot-removes must still be made.
					t.Run("VM alive, guest requests answered not-found/"+at, func(t *testing.T) {
						answered := guestRequestsFrom{at: k, err: hcsmodifytest.ComputeSystemError(fakeComputeSystemID, hcsmodifytest.HRESULTElementNotFound)}
						done := newTornDownRun(t, guest, answered)
						assert.ElementsMatch(t, vmRemovals(clean), vmRemovals(done), "every NIC is hot-removed from the live VM")
					})
				}
				if route != "guest connection" {
					continue // only the guest connection can lose the guest alone
				}
				for name, gone := range hcsmodifytest.GuestGoneErrors() {
					t.Run("guest gone/"+name+"/"+at, func(t *testing.T) {
						done := newTornDownRun(t, guest, fromCall{at: k, guest: gone})
						assert.Subset(t, done, vmRemovals(clean), "the VM's hot-removes are still made")
					})
				}
				for name, plain := range hcsmodifytest.OrdinaryErrors(fakeComputeSystemID) {
					t.Run("failure/"+name+"/"+at, func(t *testing.T) {
						checkRetry(t, guest, onceAt{at: k, err: plain}, clean)
					})
				}
			}
		})
	}
}

const fakeComputeSystemID = "uvm-under-test"

// newTornDownRun sets a pod up, arms fault, and requires its first
// Teardown to succeed; it returns the documents the transports accepted
// during that Teardown.
func newTornDownRun(t *testing.T, guest func(*wireFakes) netcore.GuestSteps, fault answerer) []string {
	t.Helper()
	ctrl, fakes := setUpPod(t, guest)
	fakes.arm(fault)
	require.NoError(t, ctrl.Teardown(context.Background()))
	assert.Equal(t, netcore.StateTornDown, ctrl.State())
	return fakes.accepted()
}

// checkRetry requires a Teardown hit by fault to fail with its error and
// leave the controller Invalid, and a retry over healthy transports to
// tear down, each removal made once across both calls.
func checkRetry(t *testing.T, guest func(*wireFakes) netcore.GuestSteps, fault onceAt, clean []string) {
	t.Helper()
	ctrl, fakes := setUpPod(t, guest)
	fakes.arm(fault)
	err := ctrl.Teardown(context.Background())
	require.ErrorIs(t, err, fault.err)
	assert.NotErrorIs(t, err, netcore.ErrVMUnavailable)
	assert.NotErrorIs(t, err, netcore.ErrGuestUnavailable)
	assert.Equal(t, netcore.StateInvalid, ctrl.State())
	fakes.arm(noFault{})
	require.NoError(t, ctrl.Teardown(context.Background()))
	assert.Equal(t, netcore.StateTornDown, ctrl.State())
	assert.ElementsMatch(t, clean, fakes.accepted(), "every removal made exactly once over both calls")
}

// setUpPod builds a controller over fresh fakes for a two-endpoint pod and
// sets it up.
func setUpPod(t *testing.T, guest func(*wireFakes) netcore.GuestSteps) (*netcore.Controller, *wireFakes) {
	t.Helper()
	host := nettest.NewHost()
	nsID := "0000000a-0000-4000-8000-000000000000"
	host.AddNamespace(&hcnmodel.Namespace{Id: nsID, Type: hcnmodel.NamespaceTypeGuest}, testEndpoint(nsID, 1), testEndpoint(nsID, 2))
	fakes := &wireFakes{fault: noFault{}}
	nic := 0
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:  nsID,
		VM:           hcsmodify.NewVMNetwork(computeSystemFake{fakes}),
		Host:         host,
		Guest:        guest(fakes),
		Capabilities: namespacesSupported{},
		Tuning: netcore.Tuning{NewNICID: func() (string, error) {
			nic++
			return fmt.Sprintf("aaaaaaaa-0000-4000-8000-%012x", nic), nil
		}},
	})
	require.NoError(t, err)
	require.NoError(t, ctrl.Setup(context.Background()))
	fakes.accepted() // the setup's documents; the checks look at Teardown's
	return ctrl, fakes
}

func testEndpoint(nsID string, i int) *hcnmodel.Endpoint {
	return &hcnmodel.Endpoint{
		Id:                   fmt.Sprintf("0000000a-0000-4000-8000-%012x", i),
		Name:                 fmt.Sprintf("pod-net%d", i),
		HostComputeNamespace: nsID,
		MacAddress:           fmt.Sprintf("00-15-5D-00-0A-%02X", i),
		IpConfigurations:     []hcnmodel.IpConfig{{IpAddress: fmt.Sprintf("10.0.10.%d", i+1), PrefixLength: 24}},
	}
}

type namespacesSupported struct{}

func (namespacesSupported) IsNamespaceAddRequestSupported() bool { return true }

// vmRemovals picks the VM hot-removes out of accepted documents.
func vmRemovals(docs []string) []string {
	var out []string
	for _, d := range docs {
		var doc struct{ ResourcePath, RequestType string }
		if json.Unmarshal([]byte(d), &doc) == nil && doc.ResourcePath != "" && doc.RequestType == "Remove" {
			out = append(out, d)
		}
	}
	return out
}

// side says which transport a document was sent on.
type side uint8

const (
	vmSide side = iota
	guestSide
)

// answerer decides a transport's answer to the n-th document since it was
// armed, doc.
type answerer interface {
	answer(n int, on side, doc []byte) error
}

type noFault struct{}

func (noFault) answer(int, side, []byte) error { return nil }

// guestRequestsFrom: from the at-th document on, the compute system
// answers err to every document carrying a GuestRequest, and applies the
// rest: a live VM whose guest requests fail.
type guestRequestsFrom struct {
	at  int
	err error
}

func (f guestRequestsFrom) answer(n int, on side, doc []byte) error {
	var d struct{ GuestRequest json.RawMessage }
	if n >= f.at && on == vmSide && json.Unmarshal(doc, &d) == nil && len(d.GuestRequest) > 0 {
		return f.err
	}
	return nil
}

// fromCall: from the at-th document on, the compute system answers vm and
// the guest connection guest (nil: that side keeps working).
type fromCall struct {
	at        int
	vm, guest error
}

func (f fromCall) answer(n int, on side, _ []byte) error {
	if n < f.at {
		return nil
	}
	if on == vmSide {
		return f.vm
	}
	return f.guest
}

// onceAt fails the at-th document only, on whichever transport it goes.
type onceAt struct {
	at  int
	err error
}

func (f onceAt) answer(n int, _ side, _ []byte) error {
	if n == f.at {
		return f.err
	}
	return nil
}

// wireFakes are one VM's two transports: they number the documents sent
// on either since arm, answer each as the armed answerer says, and keep
// the wire bytes of those they accepted.
type wireFakes struct {
	mu     sync.Mutex
	fault  answerer
	n      int
	passed []string
}

func (f *wireFakes) arm(a answerer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault, f.n = a, 0
}

func (f *wireFakes) accepted() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := f.passed
	f.passed = nil
	return out
}

func (f *wireFakes) modify(doc interface{}, on side) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	err = f.fault.answer(f.n, on, b)
	f.n++
	if err == nil {
		f.passed = append(f.passed, string(b))
	}
	return err
}

type computeSystemFake struct{ f *wireFakes }

func (computeSystemFake) ID() string { return fakeComputeSystemID }
func (c computeSystemFake) Modify(_ context.Context, doc interface{}) error {
	return c.f.modify(doc, vmSide)
}

// guestConnFake reports its bridge up, so that every document reaches
// Modify and the error it answers is what the ready manager has to read.
type guestConnFake struct{ f *wireFakes }

func (guestConnFake) IsBridgeConnected() bool { return true }
func (g guestConnFake) Modify(_ context.Context, doc interface{}) error {
	return g.f.modify(doc, guestSide)
}
