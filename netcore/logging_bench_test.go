package netcore

import (
	"context"
	"io"
	"testing"

	"github.com/containerd/log"

	"github.com/uvmnet/uvmnet/netcore/hcnmodel"
)

// BenchmarkLogNICStep measures the log call every NIC step makes, with the
// logger at Info as a shim runs it: the debug line is not written, so the
// call should cost next to nothing. The context carries no logger, as a
// shim's often does, which sends the lookup to the package-level logger.
func BenchmarkLogNICStep(b *testing.B) {
	logger := log.L.Logger
	out, level := logger.Out, logger.GetLevel()
	logger.SetOutput(io.Discard)
	logger.SetLevel(log.InfoLevel)
	b.Cleanup(func() {
		logger.SetOutput(out)
		logger.SetLevel(level)
	})
	c := newController(Tuning{})
	n := &nic{info: NICInfo{ID: "nic", Endpoint: &hcnmodel.Endpoint{Id: "ep"}}}
	n.state.Store(uint32(nicStateConfigured))
	ctx, _ := c.startOperation(context.Background(), "bench")
	b.ReportAllocs()
	for b.Loop() {
		c.logNICStep(ctx, "vm hot-add", n)
	}
}
