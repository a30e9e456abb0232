package netlcow_test

import (
	"context"
	"errors"
	"testing"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
	"github.com/uvmnet/uvmnet/netcore/nettest"
	"github.com/uvmnet/uvmnet/netlcow"
)

// A shim may hand one transport to both the VM manager and the guest
// manager. Once the VM has crashed, every call on it fails with
// ErrVMUnavailable, the guest removals included; Teardown must count them
// all as done and end TornDown, not Invalid forever.
func TestTeardownOverOneTransportAfterTheVMCrashed(t *testing.T) {
	ctx := context.Background()
	host := nettest.NewHost()
	transport := &hcsmodifytest.Recorder{}
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:  host.Pod(1, 2),
		VM:           hcsmodify.NewVMNetwork(transport),
		Host:         host,
		Guest:        netlcow.NewGuestSteps(netlcow.NewGuestManager(transport)),
		Capabilities: guestSupportsNamespaces{},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := ctrl.Setup(ctx); err != nil {
		t.Fatal(err)
	}
	sent := len(transport.Documents())
	transport.Err = errors.Join(errors.New("compute system stopped"), netcore.ErrVMUnavailable)

	if err := ctrl.Teardown(ctx); err != nil {
		t.Fatalf("Teardown = %v, want nil: a gone VM took its guest along", err)
	}
	if got := ctrl.State(); got != netcore.StateTornDown {
		t.Fatalf("state = %s, want TornDown", got)
	}
	if len(transport.Documents()) == sent {
		t.Fatal("Teardown made no call: the removals must still be attempted")
	}
}
