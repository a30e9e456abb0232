package netwcow

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the documents produced")

// envelope is what every document must look like, checked independently of
// the golden files so that -update cannot bless a wrong shape.
type envelope struct {
	resourceType string
	requestType  string
	// settings checks the decoded GuestRequest.Settings.
	settings func(t *testing.T, raw json.RawMessage)
}

func TestGuestManagerGolden(t *testing.T) {
	ctx := context.Background()
	namespaceSettings := func(t *testing.T, raw json.RawMessage) {
		if got, want := string(raw), mustJSON(testNamespace()); got != want {
			t.Errorf("Settings = %s, want the namespace document %s", got, want)
		}
	}
	nicSettings := func(phase, endpoint string) func(*testing.T, json.RawMessage) {
		return func(t *testing.T, raw json.RawMessage) {
			var nic map[string]json.RawMessage
			if err := json.Unmarshal(raw, &nic); err != nil {
				t.Fatal(err)
			}
			if got := string(nic["AdapterId"]); got != `"`+testNICID+`"` {
				t.Errorf("AdapterId = %s", got)
			}
			if got := string(nic["RequestType"]); got != `"`+phase+`"` {
				t.Errorf("inner RequestType = %s, want %q", got, phase)
			}
			got, present := nic["Settings"]
			switch {
			case endpoint == "" && present:
				t.Errorf("inner Settings = %s, want it omitted", got)
			case endpoint != "" && string(got) != endpoint:
				t.Errorf("inner Settings = %s, want the endpoint document %s", got, endpoint)
			}
			if len(nic) != 2+btoi(endpoint != "") {
				t.Errorf("unexpected fields in %s", raw)
			}
		}
	}

	for _, tc := range []struct {
		golden string
		call   func(*GuestManager) error
		want   envelope
	}{
		{
			golden: "add_network_namespace",
			call:   func(g *GuestManager) error { return g.AddNetworkNamespace(ctx, testNamespace()) },
			want:   envelope{"NetworkNamespace", "Add", namespaceSettings},
		},
		{
			golden: "remove_network_namespace",
			call:   func(g *GuestManager) error { return g.RemoveNetworkNamespace(ctx, testNamespace()) },
			want:   envelope{"NetworkNamespace", "Remove", namespaceSettings},
		},
		{
			golden: "preadd_network_interface",
			call: func(g *GuestManager) error {
				return g.AddNetworkInterface(ctx, testNICID, RequestTypePreAdd, testEndpoint())
			},
			want: envelope{"Network", "Add", nicSettings("PreAdd", mustJSON(testEndpoint()))},
		},
		{
			golden: "add_network_interface",
			call:   func(g *GuestManager) error { return g.AddNetworkInterface(ctx, testNICID, RequestTypeAdd, nil) },
			want:   envelope{"Network", "Add", nicSettings("Add", "")},
		},
		{
			golden: "remove_network_interface",
			call:   func(g *GuestManager) error { return g.RemoveNetworkInterface(ctx, testNICID, RequestTypeRemove, nil) },
			want:   envelope{"Network", "Remove", nicSettings("Remove", "")},
		},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			m := &hcsmodifytest.Recorder{}
			if err := tc.call(NewGuestManager(m)); err != nil {
				t.Fatal(err)
			}
			if len(m.Documents()) != 1 {
				t.Fatalf("sent %d documents, want 1", len(m.Documents()))
			}
			req, ok := m.Documents()[0].(*hcsmodify.ModifySettingRequest)
			if !ok {
				t.Fatalf("sent %T, want *hcsmodify.ModifySettingRequest", m.Documents()[0])
			}
			var doc map[string]map[string]json.RawMessage
			if err := json.Unmarshal([]byte(mustJSON(req)), &doc); err != nil {
				t.Fatal(err)
			}
			gr := doc["GuestRequest"]
			if len(doc) != 1 || gr == nil {
				t.Fatalf("document %s: want only a GuestRequest", mustJSON(req))
			}
			if got := string(gr["ResourceType"]); got != `"`+tc.want.resourceType+`"` {
				t.Errorf("ResourceType = %s, want %q", got, tc.want.resourceType)
			}
			if got := string(gr["RequestType"]); got != `"`+tc.want.requestType+`"` {
				t.Errorf("RequestType = %s, want %q", got, tc.want.requestType)
			}
			tc.want.settings(t, gr["Settings"])
			hcsmodifytest.AssertGolden(t, tc.golden, req, *update)
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestGuestManagerRejectsBadArguments(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func(*GuestManager) error
		// words the error must contain: the field and the value.
		words []string
	}{
		{"adapter ID empty", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, "", RequestTypeAdd, nil)
		}, []string{"adapterID", `""`}},
		{"adapter ID not a GUID", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, "nic-0", RequestTypePreAdd, testEndpoint())
		}, []string{"adapterID", `"nic-0"`}},
		{"adapter ID braced", func(g *GuestManager) error {
			return g.RemoveNetworkInterface(ctx, "{"+testNICID+"}", RequestTypeRemove, nil)
		}, []string{"adapterID", testNICID}},
		{"remove on add", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, testNICID, RequestTypeRemove, nil)
		}, []string{"requestType", `"Remove"`}},
		{"unknown on add", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, testNICID, "Update", nil)
		}, []string{"requestType", `"Update"`}},
		{"empty on add", func(g *GuestManager) error {
			return g.AddNetworkInterface(ctx, testNICID, "", nil)
		}, []string{"requestType", `""`}},
		{"pre-add on remove", func(g *GuestManager) error {
			return g.RemoveNetworkInterface(ctx, testNICID, RequestTypePreAdd, nil)
		}, []string{"requestType", `"PreAdd"`}},
		{"add on remove", func(g *GuestManager) error {
			return g.RemoveNetworkInterface(ctx, testNICID, RequestTypeAdd, nil)
		}, []string{"requestType", `"Add"`}},
		{"nil namespace on add", func(g *GuestManager) error {
			return g.AddNetworkNamespace(ctx, nil)
		}, []string{"namespace"}},
		{"nil namespace on remove", func(g *GuestManager) error {
			return g.RemoveNetworkNamespace(ctx, nil)
		}, []string{"namespace"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &hcsmodifytest.Recorder{}
			err := tc.call(NewGuestManager(m))
			if !errors.Is(err, errdefs.ErrInvalidArgument) {
				t.Fatalf("err = %v, want invalid argument", err)
			}
			for _, w := range tc.words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if len(m.Documents()) != 0 {
				t.Errorf("transport called: %v", m.Documents())
			}
		})
	}
}

func TestGuestManagerAcceptsUpperCaseGUID(t *testing.T) {
	m := &hcsmodifytest.Recorder{}
	if err := NewGuestManager(m).AddNetworkInterface(context.Background(), strings.ToUpper(testNICID), RequestTypeAdd, nil); err != nil {
		t.Fatal(err)
	}
	if len(m.Documents()) != 1 {
		t.Fatalf("sent %d documents", len(m.Documents()))
	}
}

func TestGuestManagerTransportErrors(t *testing.T) {
	ctx := context.Background()
	gone := errors.Join(errors.New("bridge closed"), netcore.ErrGuestUnavailable)
	g := NewGuestManager(&hcsmodifytest.Recorder{Err: gone})
	for name, tc := range map[string]struct {
		err  error
		name string
	}{
		"add namespace":    {g.AddNetworkNamespace(ctx, testNamespace()), testNamespaceID},
		"remove namespace": {g.RemoveNetworkNamespace(ctx, testNamespace()), testNamespaceID},
		"pre-add":          {g.AddNetworkInterface(ctx, testNICID, RequestTypePreAdd, testEndpoint()), testNICID},
		"add":              {g.AddNetworkInterface(ctx, testNICID, RequestTypeAdd, nil), testNICID},
		"remove":           {g.RemoveNetworkInterface(ctx, testNICID, RequestTypeRemove, nil), testNICID},
	} {
		if !errors.Is(tc.err, netcore.ErrGuestUnavailable) {
			t.Errorf("%s: err = %v, want it to wrap ErrGuestUnavailable", name, tc.err)
			continue
		}
		if !strings.Contains(tc.err.Error(), tc.name) {
			t.Errorf("%s: error %q does not name %s", name, tc.err, tc.name)
		}
	}
}

func TestGuestManagerWithoutModifier(t *testing.T) {
	ctx := context.Background()
	for _, g := range []*GuestManager{NewGuestManager(nil), nil, {}} {
		if err := g.AddNetworkInterface(ctx, testNICID, RequestTypeAdd, nil); !errors.Is(err, errdefs.ErrFailedPrecondition) {
			t.Errorf("AddNetworkInterface = %v, want failed precondition", err)
		}
		if err := g.AddNetworkNamespace(ctx, testNamespace()); !errors.Is(err, errdefs.ErrFailedPrecondition) {
			t.Errorf("AddNetworkNamespace = %v, want failed precondition", err)
		}
	}
}

// TestNetworkModifyRequestWireNames pins the JSON names and omitempty.
func TestNetworkModifyRequestWireNames(t *testing.T) {
	got := mustJSON(NetworkModifyRequest{AdapterId: "a", RequestType: RequestTypePreAdd, Settings: map[string]int{"x": 1}})
	if want := `{"AdapterId":"a","RequestType":"PreAdd","Settings":{"x":1}}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if got := mustJSON(NetworkModifyRequest{}); got != `{}` {
		t.Errorf("empty request = %s, want {}", got)
	}
}
