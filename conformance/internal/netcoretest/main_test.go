package netcoretest

import (
	"io"
	"os"
	"testing"

	"github.com/containerd/log"
)

// TestMain keeps the controller's logs out of test output; failures are
// reported through the tests' own messages.
func TestMain(m *testing.M) {
	log.L.Logger.SetOutput(io.Discard)
	os.Exit(m.Run())
}
