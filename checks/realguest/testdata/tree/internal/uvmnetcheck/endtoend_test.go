package uvmnetcheck

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/vishvananda/netlink"
)

// TestPodNetworkEndToEnd runs each realistic pod through uvmnet and the
// real agent on both guest routes: Setup, the sandbox's start, the pod's
// namespace read back through netlink, Teardown, and nothing left held.
func TestPodNetworkEndToEnd(t *testing.T) {
	requireNamespaces(t)
	for _, r := range guestRoutes {
		for _, p := range realisticPods() {
			t.Run(r.name+"/"+p.name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				w := newWorld(t, r, p)
				require.NoError(t, w.ctrl.Setup(ctx), "Setup")
				require.Len(t, w.held(), len(p.endpoints), "the agent holds one adapter per endpoint after Setup")
				require.NoError(t, w.sb.start(ctx, p.namespaceID()), "the sandbox's start (AssignContainerPid, Sync)")

				got := readPod(t, w.sb.h)
				wantLinks, wantRules := expectedLinks(p)
				for name, want := range wantLinks {
					lv, ok := got.Links[name]
					if !assert.True(t, ok, "no %s in the pod's namespace", name) {
						continue
					}
					t.Logf("pod %s, endpoint %s: %s", p.name, p.endpoints[ifIndex(name)].Name, lv)
					assert.Equal(t, want, lv, "%s as the agent configured it", name)
				}
				assert.Len(t, got.Links, len(wantLinks), "links in the pod's namespace")
				assert.Equal(t, wantRules, got.Rules, "policy routing rules")
				if len(got.Rules) > 0 {
					t.Logf("pod %s, rules: %v", p.name, got.Rules)
				}
				for name := range wantLinks {
					_, err := netlink.LinkByName(name)
					assert.Error(t, err, "%s is still in the agent's namespace", name)
				}

				require.NoError(t, w.ctrl.Teardown(ctx), "Teardown")
				assert.Empty(t, w.held(), "the agent holds adapters after Teardown")
				assert.Empty(t, w.vm.held(), "the VM holds NICs after Teardown")
			})
		}
	}
}

// ifIndex is the endpoint index of interface ethN.
func ifIndex(name string) int {
	var n int
	for _, c := range name[len("eth"):] {
		n = n*10 + int(c-'0')
	}
	return n
}
