package conformance

import (
	"context"
	"io"

	"github.com/containerd/log"
	"github.com/sirupsen/logrus"
)

// quietLogger swallows the controllers' logs: the suite provokes thousands
// of failures on purpose, and its findings are in the report, not the log.
var quietLogger = func() *log.Entry {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return logrus.NewEntry(l)
}()

// background is the root context of every operation the suite runs.
func background() context.Context {
	return log.WithLogger(context.Background(), quietLogger)
}
