package netcore

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// Transition is one move of a controller along the network machine, as
// reported to [Tuning.Observer].
type Transition struct {
	// NamespaceID names the pod's network.
	NamespaceID string
	From        State
	Event       Event
	To          State
	// Err is the failure behind a failure event (SetupFailed,
	// TeardownFailed, ResetFailed, HotPlugStuck) or behind a hot-plug that
	// was rolled back; nil otherwise.
	Err error
}

// tracerName is the instrumentation scope of every span the controller
// starts.
const tracerName = "github.com/uvmnet/uvmnet/netcore"

// Span attribute keys.
const (
	AttrNamespace = attribute.Key("uvmnet.namespace.id")
	AttrNIC       = attribute.Key("uvmnet.nic.id")
	AttrEndpoint  = attribute.Key("uvmnet.endpoint.id")
)

// startOperation starts the span of one public operation. Attributes are
// only built when the span records, so a shim without tracing pays for
// no more than the no-op span.
func (c *Controller) startOperation(ctx context.Context, name string) (context.Context, trace.Span) {
	c.debugLogs = debugEnabled(ctx)
	ctx, span := c.tracer.Start(ctx, name)
	if span.IsRecording() {
		span.SetAttributes(AttrNamespace.String(c.pod.NamespaceID))
	}
	return ctx, span
}

// startNICStep starts the span of one NIC step, as a child of the
// operation's span. When the operation's span does not record, neither
// would the child: it is not started at all, which keeps per-NIC work
// free of tracing cost.
func (c *Controller) startNICStep(ctx context.Context, name string, n *nic) (context.Context, trace.Span) {
	if !trace.SpanFromContext(ctx).IsRecording() {
		return ctx, nil
	}
	ctx, span := c.tracer.Start(ctx, name, trace.WithAttributes(
		AttrNamespace.String(c.pod.NamespaceID),
		AttrNIC.String(n.info.ID),
		AttrEndpoint.String(n.info.Endpoint.Id),
	))
	return ctx, span
}

// endSpan records err, if any, on span and ends it. A nil span (a step
// that was not traced) is fine.
func endSpan(span trace.Span, err error) {
	if span == nil {
		return
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}
