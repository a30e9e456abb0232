package netcore

import (
	"context"

	"github.com/containerd/log"
)

// Log field names. Every line the controller logs carries the namespace;
// lines about one NIC also carry the NIC and endpoint IDs.
const (
	LogFieldNamespace = "network-namespace"
	LogFieldNIC       = "nic-id"
	LogFieldEndpoint  = "endpoint-id"
)

// logger returns the context's logger naming the pod's namespace. Building
// it allocates, so it is called only for a line that will be written: the
// controller's own cost must stay invisible next to the managers'.
func (c *Controller) logger(ctx context.Context) *log.Entry {
	return log.G(ctx).WithField(LogFieldNamespace, c.pod.NamespaceID)
}

// debugEnabled reports whether the context's logger would write a debug
// line, so the fields of one are built only then. Looking the logger up
// copies the package-level entry when the context carries none (log.G
// then returns a fresh copy bound to the context), so it is not called per
// NIC step: each operation asks once, in startOperation, and its steps
// read the answer from debugLogs.
func debugEnabled(ctx context.Context) bool {
	return log.G(ctx).Logger.IsLevelEnabled(log.DebugLevel)
}

// logNICStep writes a debug line for one NIC step that succeeded, if the
// operation's logger writes debug lines.
func (c *Controller) logNICStep(ctx context.Context, step string, n *nic) {
	if !c.debugLogs {
		return
	}
	c.logger(ctx).WithField(LogFieldNIC, n.info.ID).WithField(LogFieldEndpoint, n.info.Endpoint.Id).
		WithField("nic-state", n.current().String()).Debug(step)
}
