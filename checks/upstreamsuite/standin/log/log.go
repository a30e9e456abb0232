package log

import (
	"context"
	"io"

	"github.com/sirupsen/logrus"
)

var discard = func() *logrus.Logger {
	l := logrus.New()
	l.Out = io.Discard
	l.Level = logrus.PanicLevel
	return l
}()

type entryKey struct{}

// G returns the context's log entry.
func G(ctx context.Context) *logrus.Entry {
	if e, ok := ctx.Value(entryKey{}).(*logrus.Entry); ok {
		return e
	}
	return logrus.NewEntry(discard)
}

// WithContext returns ctx carrying entry's fields, and the entry to use.
func WithContext(ctx context.Context, entry *logrus.Entry) (context.Context, *logrus.Entry) {
	e := G(ctx).WithFields(entry.Data)
	return context.WithValue(ctx, entryKey{}, e), e
}
