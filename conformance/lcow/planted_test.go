package lcow

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/conformance"
	"github.com/uvmnet/uvmnet/conformance/internal/othernet"
	"github.com/uvmnet/uvmnet/conformance/internal/othernetbind"
	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// Each blind-spot scenario is proven by planting the bug it is for, in
// othernet or around netcore's controller, and watching it fail, while the
// same scenarios pass the binding without the bug.

// runMatching runs the scenarios whose name matches pattern over b and
// returns their results; it fails t when none ran. The scenarios under
// "extension/" are uvmnet's own promises, in the Extensions profile, which
// runs for them alone.
func runMatching(t *testing.T, b Pair, pattern string) []conformance.Result {
	t.Helper()
	rep, err := b.Check(conformance.Suite{Seed: 1, Match: regexp.MustCompile(pattern), Extensions: strings.Contains(pattern, "/extension/")})
	require.NoError(t, err)
	require.NotEmpty(t, rep.Results, "no scenario matches %s", pattern)
	return rep.Results
}

// requireCaught checks that every scenario matching pattern that applies
// to the broken binding fails it with a finding containing want, that at
// least one applies, and that none fails the good one.
func requireCaught(t *testing.T, good, broken Pair, pattern, want string) {
	t.Helper()
	for _, res := range runMatching(t, good, pattern) {
		assert.False(t, res.Failed(), "%s failed without the planted bug: %q", res.Name(), res.Failures)
	}
	ran := 0
	for _, res := range runMatching(t, broken, pattern) {
		if res.NotApplicable != "" && !res.Failed() {
			continue
		}
		ran++
		found := false
		for _, f := range res.Failures {
			found = found || strings.Contains(f, want)
		}
		assert.True(t, found, "%s: no finding contains %q; findings: %q", res.Name(), want, res.Failures)
	}
	assert.NotZero(t, ran, "no scenario matching %s applies to the broken binding", pattern)
}

// plantedOtherNet is othernet's Linux binding with bug planted.
func plantedOtherNet(bug othernet.Bug) Pair {
	return Pair{othernetbind.Platform(Platform()), othernetbind.Planted[Guest](bug)}
}

// oneCallAtATime declares Concurrency for b, an othernet binding: othernet
// makes one call at a time, which keeps any bound, and the declaration
// lets the concurrent variant of a check run over it.
func oneCallAtATime(b Pair) Pair {
	b.Capabilities.Concurrency = true
	return b
}

// otherNetBugs are the bugs planted in othernet that the catalogue's
// rows name as their proofs, with what the finding must say.
var otherNetBugs = map[string]struct {
	bug  othernet.Bug
	want string
}{
	"othernet.BugPrefixOffByOne":              {othernet.BugPrefixOffByOne, "Setup with /32, /128"},
	"othernet.BugAcceptsMulticastMAC":         {othernet.BugAcceptsMulticastMAC, "succeeded; want it refused"},
	"othernet.BugAcceptsForeignEndpoint":      {othernet.BugAcceptsForeignEndpoint, "reached the VM or guest before the input was refused"},
	"othernet.BugTrustsNamespaceDocument":     {othernet.BugTrustsNamespaceDocument, "succeeded; want it refused"},
	"othernet.BugKeepsAttaching":              {othernet.BugKeepsAttaching, "made after the failed step"},
	"othernet.BugTeardownStopsAtFirstFailure": {othernet.BugTeardownStopsAtFirstFailure, "no removal was tried for NIC"},
	"othernet.BugSkipsVanishedEndpoint":       {othernet.BugSkipsVanishedEndpoint, "succeeded; want it to fail"},
	"othernet.BugGuestUnavailableCountsAtVM":  {othernet.BugGuestUnavailableCountsAtVM, "still attached: VM NICs"},
	"othernet.BugAttachesInNICIDOrder":        {othernet.BugAttachesInNICIDOrder, "eth0 first, then HCN order"},
	"othernet.BugImportAcceptsSharedEndpoint": {othernet.BugImportAcceptsSharedEndpoint, "two-nics-one-endpoint: accepted"},
	"othernet.BugImportAcceptsSharedMAC":      {othernet.BugImportAcceptsSharedMAC, "two-nics-one-mac: accepted"},
	"othernet.BugPatchAcceptsAnyID":           {othernet.BugPatchAcceptsAnyID, `Patch("not-a-guid"): accepted`},
	"othernet.BugGoneAddCountsDone":           {othernet.BugGoneAddCountsDone, "succeeded; an add that finds"},
}

// TestCatalogueProofsCaughtInOtherNet loops over the catalogue: every row
// whose proof is a bug planted in othernet catches it (each of its
// scenarios that applies fails with the finding the bug leads to) and
// passes othernet without it; and every such bug is some row's proof.
func TestCatalogueProofsCaughtInOtherNet(t *testing.T) {
	used := map[string]bool{}
	for _, sc := range conformance.Catalogue() {
		for _, proof := range strings.Fields(sc.Proof) {
			if !strings.HasPrefix(proof, "othernet.") {
				continue
			}
			p, ok := otherNetBugs[proof]
			if !assert.True(t, ok, "%s: the proof %s is planted nowhere", sc.Name, proof) {
				continue
			}
			used[proof] = true
			t.Run(sc.Name+"/"+proof, func(t *testing.T) {
				requireCaught(t, otherNetBinding(), plantedOtherNet(p.bug), "/"+regexp.QuoteMeta(sc.Name)+"/", p.want)
			})
		}
	}
	for name := range otherNetBugs {
		assert.True(t, used[name], "%s proves no row of the catalogue", name)
	}
}

// TestKeepsAttachingCaughtConcurrently: with calls in flight at once, a
// controller that keeps attaching after a failed step starts a step after
// the failure returned.
func TestKeepsAttachingCaughtConcurrently(t *testing.T) {
	requireCaught(t, oneCallAtATime(otherNetBinding()), oneCallAtATime(plantedOtherNet(othernet.BugKeepsAttaching)), `^c8/failure/stops-attaching/`, "started after the failure returned")
}

// aroundNetcore is the Linux binding whose New and Import results are
// wrapped by wrap, and whose New first passes netcore's config through
// config.
func aroundNetcore(config func(*netcore.Config), wrap func(conformance.Controller) conformance.Controller) Pair {
	b := UvmnetPair()
	if config != nil {
		nc := NetcoreOf()
		b.New = func(pod Pod) (conformance.Controller, error) {
			cfg := nc.Config(pod)
			config(&cfg)
			return nc.Build(cfg)
		}
	}
	b.Wrap = wrap
	return b
}

// fullController is a controller with every optional interface, as
// uvmnet's is: what the wrappers below decorate.
type fullController interface {
	conformance.Controller
	conformance.HotPlugger
	Migrator
}

// unclassed drops the errdefs class of Setup's errors.
type unclassed struct{ fullController }

func (c unclassed) Setup(ctx context.Context) error {
	if err := c.fullController.Setup(ctx); err != nil {
		return errors.New(err.Error())
	}
	return nil
}

// swallowsGuestUnavailable counts a hot-remove failing with "guest
// unavailable" as done, as a controller with that bug would.
type swallowsGuestUnavailable struct{ netcore.VMNetworkManager }

func (v swallowsGuestUnavailable) RemoveNIC(ctx context.Context, id string, a *netcore.NetworkAdapter) error {
	if err := v.VMNetworkManager.RemoveNIC(ctx, id, a); err != nil && !errors.Is(err, netcore.ErrGuestUnavailable) {
		return err
	}
	return nil
}

// hidesStuckRollback reports Configured after a hot-plug whose rollback
// left it Invalid.
type hidesStuckRollback struct {
	fullController
	hide *atomic.Bool
}

func (c hidesStuckRollback) AddEndpoint(ctx context.Context, id string) (netcore.HotPlugResult, error) {
	res, err := c.fullController.AddEndpoint(ctx, id)
	c.hide.Store(err != nil && c.fullController.State() == netcore.StateInvalid)
	return res, err
}

func (c hidesStuckRollback) State() netcore.State {
	if c.hide.Load() {
		return netcore.StateConfigured
	}
	return c.fullController.State()
}

func (c hidesStuckRollback) Teardown(ctx context.Context) error {
	c.hide.Store(false)
	return c.fullController.Teardown(ctx)
}

// describes is what uvmnet's controller adds for a debug endpoint.
type describes interface{ Describe() netcore.Description }

// describeWaits is a controller whose Describe takes the lock its
// operations hold, as one guarding its state with a single mutex would.
type describeWaits struct {
	fullController
	des describes
	mu  *sync.Mutex
}

func (c describeWaits) Setup(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fullController.Setup(ctx)
}

func (c describeWaits) Describe() netcore.Description {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.des.Describe()
}

// ignoresEndedContext runs Save, Resume and Patch whatever their context
// says, as a controller whose lock does not look at it would.
type ignoresEndedContext struct{ fullController }

func live(ctx context.Context) context.Context {
	if ctx.Err() != nil {
		return context.Background()
	}
	return ctx
}

func (c ignoresEndedContext) Save(ctx context.Context) (*anypb.Any, error) {
	return c.fullController.Save(live(ctx))
}

func (c ignoresEndedContext) Resume(ctx context.Context, m Managers) error {
	return c.fullController.Resume(live(ctx), m)
}

func (c ignoresEndedContext) Patch(ctx context.Context, id string) error {
	return c.fullController.Patch(live(ctx), id)
}

// boundsLists hands the controller each endpoint with its lists cut to
// netcore's bounds, as a controller that never checked them would see no
// difference.
type boundsLists struct{ netcore.HostNetwork }

func (h boundsLists) GetEndpointByID(ctx context.Context, id string) (*hcnmodel.Endpoint, error) {
	ep, err := h.HostNetwork.GetEndpointByID(ctx, id)
	if err != nil || ep == nil {
		return ep, err
	}
	cut := *ep
	cut.IpConfigurations = cut.IpConfigurations[:min(len(cut.IpConfigurations), netcore.MaxIPConfigurations)]
	cut.Routes = cut.Routes[:min(len(cut.Routes), netcore.MaxRoutes)]
	cut.Policies = cut.Policies[:min(len(cut.Policies), netcore.MaxPolicies)]
	cut.Dns.ServerList = cut.Dns.ServerList[:min(len(cut.Dns.ServerList), netcore.MaxDNSServers)]
	cut.Dns.Search = cut.Dns.Search[:min(len(cut.Dns.Search), netcore.MaxDNSSearch)]
	cut.Dns.Options = cut.Dns.Options[:min(len(cut.Dns.Options), netcore.MaxDNSOptions)]
	return &cut, nil
}

// knownFieldsOnly drops from a snapshot payload every field a version-1
// payload does not have, as an Import that never bounds the bytes would
// end up reading it.
func knownFieldsOnly(payload []byte) []byte {
	var out []byte
	for len(payload) > 0 {
		num, _, n := protowire.ConsumeField(payload)
		if n < 0 {
			return append(out, payload...)
		}
		if num < 100 {
			out = append(out, payload[:n]...)
		}
		payload = payload[n:]
	}
	return out
}

// keepsRolledBackNIC is a controller that keeps the NIC of an AddEndpoint
// it rolled back in its list: its Save then refuses the network for ever,
// as uvmnet's would were the NIC kept.
type keepsRolledBackNIC struct {
	fullController
	kept *atomic.Pointer[string]
}

func (c keepsRolledBackNIC) AddEndpoint(ctx context.Context, id string) (netcore.HotPlugResult, error) {
	res, err := c.fullController.AddEndpoint(ctx, id)
	if err != nil && c.fullController.State() == netcore.StateConfigured {
		c.kept.Store(&id)
	}
	return res, err
}

func (c keepsRolledBackNIC) Save(ctx context.Context) (*anypb.Any, error) {
	if id := c.kept.Load(); id != nil {
		return nil, fmt.Errorf("save network: NIC of endpoint %s is Removed, not Configured", *id)
	}
	return c.fullController.Save(ctx)
}

// patchesAnything accepts any destination namespace ID, passing on only
// well-formed ones.
type patchesAnything struct{ fullController }

var guidLike = regexp.MustCompile(`^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`)

func (c patchesAnything) Patch(ctx context.Context, id string) error {
	if !guidLike.MatchString(id) {
		return nil
	}
	return c.fullController.Patch(ctx, id)
}

// importsAnything is what an Import that never refuses returns for a
// snapshot it should have refused.
type importsAnything struct{ fullController }

func (importsAnything) State() netcore.State { return netcore.StateDestinationMigrating }

// The suite's source and destination namespaces, as its scenarios name
// them.
const (
	suiteSource      = "a0c2e4f6-0000-4000-8000-00000000a001"
	suiteDestination = "a0c2e4f6-0000-4000-8000-00000000b002"
)

// forgetsDestination reads the source namespace in place of the
// destination once ResetAfterMigration is done: the reset forgot it.
type forgetsDestination struct {
	fullController
	reset *atomic.Bool
}

func (c forgetsDestination) Resume(ctx context.Context, m Managers) error {
	if m.Host != nil {
		m.Host = sourceAfterReset{HostNetwork: m.Host, reset: c.reset}
	}
	return c.fullController.Resume(ctx, m)
}

func (c forgetsDestination) ResetAfterMigration(ctx context.Context) error {
	err := c.fullController.ResetAfterMigration(ctx)
	c.reset.Store(err == nil)
	return err
}

type sourceAfterReset struct {
	netcore.HostNetwork
	reset *atomic.Bool
}

func (h sourceAfterReset) namespace(id string) string {
	if h.reset.Load() && id == suiteDestination {
		return suiteSource
	}
	return id
}

func (h sourceAfterReset) GetNamespaceByID(ctx context.Context, id string) (*hcnmodel.Namespace, error) {
	return h.HostNetwork.GetNamespaceByID(ctx, h.namespace(id))
}

func (h sourceAfterReset) GetNamespaceEndpointIDs(ctx context.Context, id string) ([]string, error) {
	return h.HostNetwork.GetNamespaceEndpointIDs(ctx, h.namespace(id))
}

func TestBlindSpotsCaughtAroundNetcore(t *testing.T) {
	good := UvmnetPair()
	t.Run("errors without errdefs class", func(t *testing.T) {
		broken := aroundNetcore(nil, func(c conformance.Controller) conformance.Controller { return unclassed{c.(fullController)} })
		requireCaught(t, good, broken, `/extension/input-errors/`, "is not an errdefs invalid argument")
		// The class is uvmnet's extension: the contract's hostile-input
		// scenarios still pass.
		for _, res := range runMatching(t, broken, `^c1/input/hostile/`) {
			assert.True(t, res.Passed(), "%s: %q", res.Name(), res.Failures)
		}
	})
	t.Run("limiter one slot too large", func(t *testing.T) {
		broken := aroundNetcore(func(cfg *netcore.Config) { cfg.Tuning.Concurrency++ }, nil)
		requireCaught(t, good, broken, `/extension/concurrency-limit/`, "calls in flight at once; want exactly")
	})
	t.Run("guest unavailable at a hot-remove counted as done", func(t *testing.T) {
		broken := aroundNetcore(func(cfg *netcore.Config) { cfg.VM = swallowsGuestUnavailable{cfg.VM} }, nil)
		requireCaught(t, good, broken, `/failure/guest-unavailable-at-vm(-hot-plug)?/`, "still attached: VM NICs")
	})
	t.Run("Configured after a failed rollback", func(t *testing.T) {
		broken := aroundNetcore(nil, func(c conformance.Controller) conformance.Controller {
			return hidesStuckRollback{fullController: c.(fullController), hide: new(atomic.Bool)}
		})
		requireCaught(t, good, broken, `/failure/rollback-fails-invalid/`, "got Configured, want Invalid")
	})
	t.Run("Describe waiting for the operation", func(t *testing.T) {
		broken := aroundNetcore(nil, func(c conformance.Controller) conformance.Controller {
			return describeWaits{fullController: c.(fullController), des: c.(describes), mu: new(sync.Mutex)}
		})
		requireCaught(t, good, broken, `/extension/describe-never-waits/`, "still waiting")
	})
	t.Run("an ended context taken as a live one", func(t *testing.T) {
		broken := aroundNetcore(nil, func(c conformance.Controller) conformance.Controller { return ignoresEndedContext{c.(fullController)} })
		requireCaught(t, good, broken, `/extension/ended-context/`, "want an error wrapping context.Canceled")
	})
	t.Run("endpoint lists without bounds", func(t *testing.T) {
		broken := aroundNetcore(func(cfg *netcore.Config) { cfg.Host = boundsLists{cfg.Host} }, nil)
		requireCaught(t, good, broken, `/extension/list-bounds/`, "succeeded; want an invalid argument")
	})
	t.Run("Import without the byte bound", func(t *testing.T) {
		broken := good
		broken.Import = func(ctx context.Context, snap *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
			return good.Import(ctx, &anypb.Any{TypeUrl: snap.GetTypeUrl(), Value: knownFieldsOnly(snap.GetValue())}, opts)
		}
		requireCaught(t, good, broken, `/extension/import-byte-bound/`, "accepted; want it refused")
	})
	t.Run("a rolled-back NIC kept in the list", func(t *testing.T) {
		broken := aroundNetcore(nil, func(c conformance.Controller) conformance.Controller {
			return keepsRolledBackNIC{fullController: c.(fullController), kept: new(atomic.Pointer[string])}
		})
		requireCaught(t, good, broken, `/migration/save-after-rolled-back-add/`, "is Removed, not Configured")
	})
	t.Run("Patch accepting a non-GUID", func(t *testing.T) {
		broken := aroundNetcore(nil, func(c conformance.Controller) conformance.Controller { return patchesAnything{c.(fullController)} })
		requireCaught(t, good, broken, `/extension/migration/patch-bad-id/`, `Patch("not-a-guid"): accepted`)
	})
	t.Run("Import never refusing", func(t *testing.T) {
		broken := good
		broken.Import = func(ctx context.Context, snap *anypb.Any, opts conformance.Options) (conformance.Controller, error) {
			c, err := good.Import(ctx, snap, opts)
			if err != nil {
				return importsAnything{}, nil
			}
			return c, nil
		}
		requireCaught(t, good, broken, `/extension/migration/hostile-snapshot/`, "two-nics-one-endpoint: accepted")
		requireCaught(t, good, broken, `/extension/oversized-snapshot/`, "accepted; want it refused")
	})
	t.Run("reset forgetting the destination namespace", func(t *testing.T) {
		broken := aroundNetcore(nil, func(c conformance.Controller) conformance.Controller {
			return forgetsDestination{fullController: c.(fullController), reset: new(atomic.Bool)}
		})
		requireCaught(t, good, broken, `/migration/hot-plug-after-reset/`, "Reconcile after the reset added")
	})
}
