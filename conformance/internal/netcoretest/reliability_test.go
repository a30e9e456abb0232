package netcoretest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/containerd/log"
	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore"
)

// panicOn makes the n-th call whose line starts with prefix panic.
func (w *world) panicOn(prefix string, n int) {
	seen := 0
	w.onCall = func(line string) {
		if strings.HasPrefix(line, prefix) {
			if seen++; seen == n {
				panic("manager bug at " + line)
			}
		}
	}
}

// A manager that panics part-way through Setup: the panic reaches the
// caller, from whichever goroutine it happened on, the controller is
// Invalid with every NIC tracked, and Teardown leaves nothing behind.
func TestPanicInAManagerLeavesTheControllerInvalid(t *testing.T) {
	for _, conc := range []int{1, 8} {
		for _, kind := range []platformKind{lcowLike, wcowLike} {
			t.Run(kind.String()+"/concurrency="+string(rune('0'+conc)), func(t *testing.T) {
				w := newWorld(t)
				w.concurrency = conc
				w.addNamespace(testNS, "net1", "net2", "pod-eth0")
				c := newTestController(t, w, kind, true)
				w.panicOn("guest.ConfigureNIC", 2)

				assert.PanicsWithValue(t, "manager bug at guest.ConfigureNIC "+nicID(2)+" "+epID(1), func() { _ = c.Setup(context.Background()) })
				assert.Equal(t, netcore.StateInvalid, c.State())
				assert.Len(t, c.Describe().NICs, 3, "every NIC stays tracked")

				w.onCall = nil
				require.NoError(t, c.Teardown(context.Background()))
				assert.Equal(t, netcore.StateTornDown, c.State())
				w.assertClean(t)
			})
		}
	}
}

func TestPanicInTeardownCanBeRetried(t *testing.T) {
	w, c := configured(t, wcowLike, true, "net1", "pod-eth0")
	w.panicOn("vm.RemoveNIC", 1)
	assert.Panics(t, func() { _ = c.Teardown(context.Background()) })
	assert.Equal(t, netcore.StateInvalid, c.State())
	w.onCall = nil
	require.NoError(t, c.Teardown(context.Background()))
	w.assertClean(t)
}

func TestPanicInAHotPlugMakesItStuck(t *testing.T) {
	w, c := configured(t, lcowLike, true, "pod-eth0")
	w.addNamespace(testNS, "net2")
	w.panicOn("vm.AddNIC", 1)
	assert.Panics(t, func() { _, _ = c.Reconcile(context.Background()) })
	assert.Equal(t, netcore.StateInvalid, c.State())
	w.onCall = nil
	require.NoError(t, c.Teardown(context.Background()))
	w.assertClean(t)
}

// A replacement endpoint with its predecessor's MAC is attached only once
// the predecessor is gone; while its removal fails the VM never carries
// two NICs with one MAC.
func TestReplacementWaitsForItsPredecessor(t *testing.T) {
	for _, site := range []string{"guest.RemoveNIC", "vm.RemoveNIC"} {
		t.Run(site, func(t *testing.T) {
			w, c := configured(t, lcowLike, true, "pod-eth0")
			eps := w.addNamespace(testNS, "pod-eth0")
			eps[0].MacAddress = w.sim.EndpointDocument(epID(1)).MacAddress
			w.dropEndpoint(testNS, epID(1))
			w.failOnce(site, errors.New("removal failed"))

			_, err := c.Reconcile(context.Background())
			var hpe *netcore.HotPlugError
			require.ErrorAs(t, err, &hpe)
			assert.Contains(t, hpe.Failed, epID(1), "the failed removal is reported")
			assert.Contains(t, hpe.Failed, eps[0].Id, "the replacement is refused while its MAC is held")
			assert.True(t, errdefs.IsFailedPrecondition(hpe.Failed[eps[0].Id]))
			assert.Equal(t, netcore.StateConfigured, c.State())
			assert.Len(t, w.vmNICs(), 1, "one NIC, the old one, on the VM")

			res, err := c.Reconcile(context.Background())
			require.NoError(t, err)
			assert.Len(t, res.Added, 1)
			assert.Equal(t, []string{eps[0].Id}, w.attachedEndpoints())
			w.assertNoViolations(t)
		})
	}
}

// finishingHotPlugs are the two operations that finish a half-done
// removal of endpoint 1 and attach it afresh: Reconcile and AddEndpoint.
func finishingHotPlugs() map[string]func(c *netcore.Controller) (netcore.HotPlugResult, error) {
	return map[string]func(c *netcore.Controller) (netcore.HotPlugResult, error){
		"Reconcile": func(c *netcore.Controller) (netcore.HotPlugResult, error) { return c.Reconcile(context.Background()) },
		"AddEndpoint": func(c *netcore.Controller) (netcore.HotPlugResult, error) {
			return c.AddEndpoint(context.Background(), epID(1))
		},
	}
}

// After RemoveEndpoint fails at the hot-remove, Reconcile and AddEndpoint
// finish the removal and attach the endpoint afresh.
func TestHalfDoneRemovalIsCompleted(t *testing.T) {
	for name, resume := range finishingHotPlugs() {
		t.Run(name, func(t *testing.T) {
			w, c := configured(t, lcowLike, true, "pod-eth0")
			w.failOnce("vm.RemoveNIC", errors.New("hot-remove failed"))
			_, err := c.RemoveEndpoint(context.Background(), epID(1))
			require.Error(t, err)
			assert.Equal(t, "VMAttached", c.Describe().NICs[0].State)

			res, err := resume(c)
			require.NoError(t, err)
			assert.Len(t, res.Removed, 1)
			assert.Len(t, res.Added, 1)
			d := c.Describe()
			require.Len(t, d.NICs, 1)
			assert.Equal(t, "Configured", d.NICs[0].State)
			assert.Equal(t, map[string]string{d.NICs[0].ID: epID(1)}, w.vmNICs())
			assert.Equal(t, "configured", w.guestNICs()[d.NICs[0].ID])
			w.assertNoViolations(t)
		})
	}
}

// AddEndpoint attaches only an endpoint the namespace lists, whatever the
// endpoint's own document says.
func TestAddEndpointOutsideTheNamespaceIsRefused(t *testing.T) {
	w, c := configured(t, lcowLike, true, "pod-eth0")
	eps := w.addNamespace(testNS2, "other")
	eps[0].HostComputeNamespace = ""
	w.takeCalls()

	_, err := c.AddEndpoint(context.Background(), eps[0].Id)
	assert.True(t, errdefs.IsNotFound(err), "got %v", err)
	assert.Equal(t, netcore.StateConfigured, c.State())
	assert.Equal(t, []string{epID(1)}, w.attachedEndpoints())
}

// HCN answering a namespace read with another namespace's document is
// refused before anything reaches the guest.
func TestNamespaceDocumentMustBeTheOneAskedFor(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "pod-eth0")
	w.sim.PutNamespaceDocument(testNS, namespaceDoc(testNS2))
	c := newTestController(t, w, wcowLike, true)

	err := c.Setup(context.Background())
	assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
	assert.Contains(t, err.Error(), testNS2)
	assert.Empty(t, w.guestNS())
	assert.Empty(t, w.vmNICs())
}

// A NIC ID generator that repeats itself, or returns something that is no
// GUID, is refused before the VM is asked for anything.
func TestNewNICIDIsChecked(t *testing.T) {
	for name, gen := range map[string]func() (string, error){
		"not a GUID": func() (string, error) { return "nic-0", nil },
		"repeats":    func() (string, error) { return nicID(7), nil },
	} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			w.addNamespace(testNS, "net1", "pod-eth0")
			c, err := netcore.New(w.managers(lcowLike, true).config(testNS, netcore.Tuning{NewNICID: gen}))
			require.NoError(t, err)
			err = c.Setup(context.Background())
			assert.True(t, errdefs.IsInvalidArgument(err), "got %v", err)
			assert.Contains(t, err.Error(), "NewNICID")
			assert.Empty(t, w.vmNICs())
			require.NoError(t, c.Teardown(context.Background()))
			w.assertClean(t)
		})
	}
}

// An endpoint HCN lists but deletes before Reconcile reads it counts as
// gone: the rest of the pass goes ahead.
func TestReconcileSkipsAnEndpointThatVanishedWhileRead(t *testing.T) {
	w, c := configured(t, lcowLike, true, "pod-eth0")
	eps := w.addNamespace(testNS, "net2", "net3")
	w.sim.VanishWhenRead(eps[0].Id)
	res, err := c.Reconcile(context.Background())
	require.NoError(t, err)
	require.Len(t, res.Added, 1)
	assert.Equal(t, eps[1].Id, res.Added[0].Endpoint.Id)
	assert.ElementsMatch(t, []string{epID(1), eps[1].Id}, w.attachedEndpoints())
}

// Debug lines follow the logger the caller put in the context, not the
// process-wide level.
func TestDebugFollowsTheContextLogger(t *testing.T) {
	var out bytes.Buffer
	logger := logrus.New()
	logger.SetOutput(&out)
	logger.SetLevel(logrus.DebugLevel)
	ctx := log.WithLogger(context.Background(), logrus.NewEntry(logger))
	require.Less(t, log.GetLevel(), log.DebugLevel, "the process logger must be quieter for this test to mean anything")

	w := newWorld(t)
	w.addNamespace(testNS, "pod-eth0")
	c := newTestController(t, w, lcowLike, true)
	require.NoError(t, c.Setup(ctx))
	assert.Contains(t, out.String(), "network set up")
}

// goexitOn makes the n-th call whose line starts with prefix end its
// goroutine with runtime.Goexit, as t.FailNow does in a mock.
func (w *world) goexitOn(prefix string, n int) {
	seen := 0
	w.onCall = func(line string) {
		if strings.HasPrefix(line, prefix) {
			if seen++; seen == n {
				runtime.Goexit()
			}
		}
	}
}

// runToGoexit runs op on a goroutine of its own and reports whether it
// returned or its goroutine ended by runtime.Goexit.
func runToGoexit(op func()) (returned bool) {
	done := make(chan bool)
	go func() {
		ok := false
		defer func() { done <- ok }()
		op()
		ok = true
	}()
	return <-done
}

// A manager that ends its goroutine with runtime.Goexit is treated like
// one that panics: the Goexit reaches the caller's goroutine, whichever
// goroutine it happened on, and the controller is Invalid with every NIC
// tracked, so Teardown leaves nothing behind.
func TestGoexitInAManagerLeavesTheControllerInvalid(t *testing.T) {
	for _, conc := range []int{1, 8} {
		for _, kind := range []platformKind{lcowLike, wcowLike} {
			t.Run(fmt.Sprintf("%s/concurrency=%d", kind, conc), func(t *testing.T) {
				w := newWorld(t)
				w.concurrency = conc
				w.addNamespace(testNS, "net1", "net2", "pod-eth0")
				c := newTestController(t, w, kind, true)
				w.goexitOn("guest.ConfigureNIC", 2)

				assert.False(t, runToGoexit(func() { _ = c.Setup(context.Background()) }), "the Goexit reaches the caller")
				assert.Equal(t, netcore.StateInvalid, c.State())
				assert.Len(t, c.Describe().NICs, 3, "every NIC stays tracked")

				w.onCall = nil
				require.NoError(t, c.Teardown(context.Background()))
				assert.Equal(t, netcore.StateTornDown, c.State())
				w.assertClean(t)
			})
		}
	}
}

func TestGoexitInTeardownAndHotPlug(t *testing.T) {
	for _, conc := range []int{1, 8} {
		t.Run(fmt.Sprintf("teardown/concurrency=%d", conc), func(t *testing.T) {
			w := newWorld(t)
			w.concurrency = conc
			w.addNamespace(testNS, "net1", "pod-eth0")
			c := newTestController(t, w, wcowLike, true)
			require.NoError(t, c.Setup(context.Background()))
			w.goexitOn("vm.RemoveNIC", 1)
			assert.False(t, runToGoexit(func() { _ = c.Teardown(context.Background()) }))
			assert.Equal(t, netcore.StateInvalid, c.State())
			w.onCall = nil
			require.NoError(t, c.Teardown(context.Background()))
			w.assertClean(t)
		})
		t.Run(fmt.Sprintf("reconcile/concurrency=%d", conc), func(t *testing.T) {
			w := newWorld(t)
			w.concurrency = conc
			w.addNamespace(testNS, "pod-eth0")
			c := newTestController(t, w, lcowLike, true)
			require.NoError(t, c.Setup(context.Background()))
			w.addNamespace(testNS, "net2", "net3")
			w.goexitOn("host.GetEndpointByID", 2)
			assert.False(t, runToGoexit(func() { _, _ = c.Reconcile(context.Background()) }))
			assert.Equal(t, netcore.StateInvalid, c.State())
			w.onCall = nil
			require.NoError(t, c.Teardown(context.Background()))
			w.assertClean(t)
		})
	}
}
