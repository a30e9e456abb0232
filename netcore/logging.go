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

// logContext returns ctx with a logger that names the pod's namespace.
func (c *Controller) logContext(ctx context.Context) context.Context {
	return log.WithLogger(ctx, log.G(ctx).WithField(LogFieldNamespace, c.pod.NamespaceID))
}
