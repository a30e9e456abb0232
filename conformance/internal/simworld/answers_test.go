package simworld

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// The requests on which guest agents differ, answered as each of the
// guest's Answers says: Pedantic refuses with a class and records a
// misuse, Strict refuses with the plain ErrRefused, Tolerant accepts and
// changes nothing. A repeated removal is recorded whatever the answer.
func TestGuestAnswersTheDisputedRequests(t *testing.T) {
	ctx := context.Background()
	nsDoc := &hcnmodel.Namespace{Id: ns}
	for name, tc := range map[string]struct {
		setup func(w *World, g *Guest)
		run   func(g *Guest) error
		// pedantic is the class of Pedantic's refusal, nil when it lets
		// the request through; misuse is what every answer records.
		pedantic func(error) bool
		misuse   string
		// after checks the world once a tolerant guest accepted.
		after func(t *testing.T, w *World)
	}{
		"remove a NIC never added": {
			run:      func(g *Guest) error { return g.RemoveNIC(ctx, nic1) },
			pedantic: errdefs.IsNotFound,
		},
		"remove a NIC twice": {
			setup: func(w *World, g *Guest) {
				require.NoError(t, g.PrepareNIC(ctx, nic1, w.EndpointDocument(ep1)))
				require.NoError(t, g.RemoveNIC(ctx, nic1))
			},
			run:      func(g *Guest) error { return g.RemoveNIC(ctx, nic1) },
			pedantic: errdefs.IsNotFound,
			misuse:   "NIC removed twice",
		},
		"remove a namespace never added": {
			run:      func(g *Guest) error { return g.RemoveNamespace(ctx, nsDoc) },
			pedantic: errdefs.IsNotFound,
		},
		"remove a namespace twice": {
			setup: func(_ *World, g *Guest) {
				require.NoError(t, g.AddNamespace(ctx, nsDoc))
				require.NoError(t, g.RemoveNamespace(ctx, nsDoc))
			},
			run:      func(g *Guest) error { return g.RemoveNamespace(ctx, nsDoc) },
			pedantic: errdefs.IsNotFound,
			misuse:   "namespace removed twice",
		},
		"add a namespace twice": {
			setup: func(_ *World, g *Guest) { require.NoError(t, g.AddNamespace(ctx, nsDoc)) },
			run:   func(g *Guest) error { return g.AddNamespace(ctx, nsDoc) },
			after: func(t *testing.T, w *World) { assert.Equal(t, []string{ns}, w.GuestNamespaces()) },
		},
		"pre-add a NIC twice": {
			setup: func(w *World, g *Guest) { require.NoError(t, g.PrepareNIC(ctx, nic1, w.EndpointDocument(ep1))) },
			run:   func(g *Guest) error { return g.PrepareNIC(ctx, nic1, &hcnmodel.Endpoint{Id: ep2, MacAddress: mac2}) },
			after: func(t *testing.T, w *World) { assert.Equal(t, GuestNIC{MAC: mac1}, w.GuestNICs()[nic1], "unchanged") },
		},
		"add a NIC twice": {
			setup: func(w *World, g *Guest) {
				require.NoError(t, g.PrepareNIC(ctx, nic1, w.EndpointDocument(ep1)))
				require.NoError(t, w.AddNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1}))
				require.NoError(t, g.ConfigureNIC(ctx, nic1, ""))
			},
			run: func(g *Guest) error { return g.ConfigureNIC(ctx, nic1, "") },
			after: func(t *testing.T, w *World) {
				assert.Equal(t, GuestNIC{MAC: mac1, Configured: true}, w.GuestNICs()[nic1])
			},
		},
		"add a NIC never pre-added": {
			setup: func(w *World, _ *Guest) { require.NoError(t, w.AddNIC(ctx, nic1, Adapter{EndpointID: ep1, MAC: mac1})) },
			run:   func(g *Guest) error { return g.ConfigureNIC(ctx, nic1, "") },
			// Pedantic configures it with no MAC, a mismatch it records.
			after: func(t *testing.T, w *World) {
				assert.Equal(t, GuestNIC{MAC: mac1, Configured: true}, w.GuestNICs()[nic1])
			},
		},
	} {
		for _, answers := range []Answers{Pedantic, Strict, Tolerant} {
			t.Run(name+"/"+answers.String(), func(t *testing.T) {
				w := newPod(t, Options{})
				g := w.Guest().Answering(answers)
				assert.Equal(t, answers, g.Answers())
				if tc.setup != nil {
					tc.setup(w, g)
				}
				require.Empty(t, w.TakeViolations(), "setup")
				err := tc.run(g)
				misuse := strings.Join(w.Violations(), "\n")
				if tc.misuse != "" {
					assert.Contains(t, misuse, tc.misuse)
				}
				switch answers {
				case Pedantic:
					if tc.pedantic != nil {
						assert.True(t, tc.pedantic(err), "got %v", err)
					} else {
						assert.NoError(t, err)
					}
					assert.NotEmpty(t, misuse, "pedantic records the request")
				case Strict:
					require.ErrorIs(t, err, ErrRefused)
					assert.False(t, errdefs.IsNotFound(err) || errdefs.IsAlreadyExists(err), "no class: %v", err)
					if tc.misuse == "" {
						assert.Empty(t, misuse, "a refusal is no misuse: the end state shows whether the controller copes")
					}
				case Tolerant:
					require.NoError(t, err)
					if tc.misuse == "" {
						assert.Empty(t, misuse)
					}
					if tc.after != nil {
						tc.after(t, w)
					}
				}
			})
		}
	}
}

// Whatever the answers, what no guest allows stays refused or recorded:
// a NIC configured before its hot-add, a malformed request.
func TestGuestAnswersKeepThePlatformRules(t *testing.T) {
	ctx := context.Background()
	for _, answers := range []Answers{Strict, Tolerant} {
		w := newPod(t, Options{})
		g := w.Guest().Answering(answers)
		assert.Error(t, g.ConfigureNIC(ctx, nic1, ""), answers.String())
		err := g.PrepareNIC(ctx, nic1, nil)
		assert.True(t, errors.Is(err, ErrRejected), "%s: %v", answers, err)
		v := strings.Join(w.Violations(), "\n")
		assert.Contains(t, v, "the VM has no such NIC", answers.String())
		assert.Contains(t, v, "malformed guest request", answers.String())
	}
}
