package hcsmodifytest

import (
	"strings"
	"testing"

	"github.com/containerd/errdefs"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/nettest"
)

// GuestWiring is how a guest module builds its controller's Guest from
// each transport: its NewGuestSteps over its NewGuestManager or
// NewLegacyGuestManager, and over a nil pointer to its GuestManager.
type GuestWiring struct {
	OverConnection    func(hcsmodify.GuestConnection) netcore.GuestSteps
	OverComputeSystem func(hcsmodify.ComputeSystem) netcore.GuestSteps
	OverNilManager    func() netcore.GuestSteps
}

// CheckMissingTransportsRefused checks that netcore.New refuses, as an
// invalid argument naming the field and before any call, a VM manager or
// guest steps built over a transport that is not there (nil, or a nil
// pointer in the interface) on every route, and accepts them over
// transports that are.
func CheckMissingTransportsRefused(t *testing.T, w GuestWiring) {
	t.Helper()
	noTransport := (*Recorder)(nil)
	for name, tc := range map[string]struct {
		vm    func(*Recorder) netcore.VMNetworkManager
		guest func(*Recorder) netcore.GuestSteps
		field string
	}{
		"nil guest connection":         {guest: func(*Recorder) netcore.GuestSteps { return w.OverConnection(nil) }, field: "Guest"},
		"nil pointer guest connection": {guest: func(*Recorder) netcore.GuestSteps { return w.OverConnection(noTransport) }, field: "Guest"},
		"nil legacy compute system":    {guest: func(*Recorder) netcore.GuestSteps { return w.OverComputeSystem(nil) }, field: "Guest"},
		"nil pointer legacy system":    {guest: func(*Recorder) netcore.GuestSteps { return w.OverComputeSystem(noTransport) }, field: "Guest"},
		"nil pointer guest manager":    {guest: func(*Recorder) netcore.GuestSteps { return w.OverNilManager() }, field: "Guest"},
		"nil compute system":           {vm: func(*Recorder) netcore.VMNetworkManager { return hcsmodify.NewVMNetwork(nil) }, field: "VM"},
		"nil pointer compute system":   {vm: func(*Recorder) netcore.VMNetworkManager { return hcsmodify.NewVMNetwork(noTransport) }, field: "VM"},
		"transports there":             {},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &Recorder{}
			cfg := netcore.Config{VM: hcsmodify.NewVMNetwork(rec), Guest: w.OverConnection(rec)}
			if tc.vm != nil {
				cfg.VM = tc.vm(rec)
			}
			if tc.guest != nil {
				cfg.Guest = tc.guest(rec)
			}
			host := nettest.NewHost()
			cfg.Host, cfg.NamespaceID = host, host.Pod(1, 1)
			_, err := netcore.New(cfg)
			switch {
			case tc.field == "":
				if err != nil {
					t.Errorf("New over transports that are there: %v", err)
				}
			case err == nil:
				t.Errorf("New accepted a %s over no transport", tc.field)
			case !errdefs.IsInvalidArgument(err):
				t.Errorf("New: got %v, want an invalid argument", err)
			case !strings.Contains(err.Error(), "field "+tc.field):
				t.Errorf("New: error %q does not name field %s", err, tc.field)
			}
			if docs := rec.Documents(); len(docs) != 0 {
				t.Errorf("a transport was called: %v", docs)
			}
		})
	}
}
