package hcsmodifytest

import (
	"errors"
	"fmt"
	"strings"

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
// transports that are. It returns every case that misbehaved, joined, or
// nil; it takes no testing.T so that this package links no test framework.
func CheckMissingTransportsRefused(w GuestWiring) error {
	noTransport := (*Recorder)(nil)
	cases := []struct {
		name  string
		vm    func() netcore.VMNetworkManager
		guest func() netcore.GuestSteps
		field string
	}{
		{name: "nil guest connection", guest: func() netcore.GuestSteps { return w.OverConnection(nil) }, field: "Guest"},
		{name: "nil pointer guest connection", guest: func() netcore.GuestSteps { return w.OverConnection(noTransport) }, field: "Guest"},
		{name: "nil legacy compute system", guest: func() netcore.GuestSteps { return w.OverComputeSystem(nil) }, field: "Guest"},
		{name: "nil pointer legacy system", guest: func() netcore.GuestSteps { return w.OverComputeSystem(noTransport) }, field: "Guest"},
		{name: "nil pointer guest manager", guest: func() netcore.GuestSteps { return w.OverNilManager() }, field: "Guest"},
		{name: "nil compute system", vm: func() netcore.VMNetworkManager { return hcsmodify.NewVMNetwork(nil) }, field: "VM"},
		{name: "nil pointer compute system", vm: func() netcore.VMNetworkManager { return hcsmodify.NewVMNetwork(noTransport) }, field: "VM"},
		{name: "transports there"},
	}
	var problems []error
	for _, tc := range cases {
		rec := &Recorder{}
		cfg := netcore.Config{VM: hcsmodify.NewVMNetwork(rec), Guest: w.OverConnection(rec)}
		if tc.vm != nil {
			cfg.VM = tc.vm()
		}
		if tc.guest != nil {
			cfg.Guest = tc.guest()
		}
		host := nettest.NewHost()
		cfg.Host, cfg.NamespaceID = host, host.Pod(1, 1)
		_, err := netcore.New(cfg)
		switch {
		case tc.field == "":
			if err != nil {
				problems = append(problems, fmt.Errorf("%s: New over transports that are there: %w", tc.name, err))
			}
		case err == nil:
			problems = append(problems, fmt.Errorf("%s: New accepted a %s over no transport", tc.name, tc.field))
		case !errdefs.IsInvalidArgument(err):
			problems = append(problems, fmt.Errorf("%s: New: got %v, want an invalid argument", tc.name, err))
		case !strings.Contains(err.Error(), "field "+tc.field):
			problems = append(problems, fmt.Errorf("%s: New: error %q does not name field %s", tc.name, err, tc.field))
		}
		if docs := rec.Documents(); len(docs) != 0 {
			problems = append(problems, fmt.Errorf("%s: a transport was called: %v", tc.name, docs))
		}
	}
	return errors.Join(problems...)
}
