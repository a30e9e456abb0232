package netcoretest

import (
	"bytes"
	"context"
	"testing"

	"github.com/containerd/log"
	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contextLogger returns a context whose logger writes to out at level.
func contextLogger(out *bytes.Buffer, level logrus.Level) context.Context {
	logger := logrus.New()
	logger.SetOutput(out)
	logger.SetLevel(level)
	return log.WithLogger(context.Background(), logrus.NewEntry(logger))
}

// Each operation reads its own context's level once, so one operation's
// debug setting never leaks into the next one's NIC steps.
func TestNICStepDebugLinesFollowEachOperationsLogger(t *testing.T) {
	w := newWorld(t)
	w.addNamespace(testNS, "pod-eth0")
	c := newTestController(t, w, lcowLike, true)

	var debugOut bytes.Buffer
	require.NoError(t, c.Setup(contextLogger(&debugOut, logrus.DebugLevel)))
	assert.Contains(t, debugOut.String(), `msg="vm hot-add"`)
	assert.Contains(t, debugOut.String(), "nic-state=VMAttached")

	var infoOut bytes.Buffer
	require.NoError(t, c.Teardown(contextLogger(&infoOut, logrus.InfoLevel)))
	assert.NotContains(t, infoOut.String(), "vm hot-remove", "a debug line written at Info")
	assert.NotContains(t, debugOut.String(), "vm hot-remove", "a line written to the previous operation's logger")
}
