package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/containerd/errdefs"
	"github.com/stretchr/testify/assert"
)

// cliMessage drops errdefs class words where they end a clause, keeps
// what else the message says, escapes what would drive a terminal, and
// bounds the whole.
func TestCLIMessage(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("open x: no such file or directory: %w", errdefs.ErrInvalidArgument), "open x: no such file or directory"},
		{fmt.Errorf("a: %w", fmt.Errorf("b: %w", errdefs.ErrNotFound)), "a: b"},
		{errors.Join(fmt.Errorf("one: %w", errdefs.ErrInvalidArgument), fmt.Errorf("two: %w", errdefs.ErrFailedPrecondition)), "one\ntwo"},
		{fmt.Errorf("field Name: invalid value %q: bad", "invalid argument"), `field Name: invalid value "invalid argument": bad`},
		{errors.New("endpoint a\x1b[2J\x07b: bad\tvalue"), `endpoint a\x1b[2J\ab: bad` + "\tvalue"},
		{errors.New("bad UTF-8 \xff here"), `bad UTF-8 \xff here`},
	} {
		assert.Equal(t, tc.want, cliMessage(tc.err))
	}

	huge := cliMessage(fmt.Errorf("type URL %s: %w", strings.Repeat("x", 3<<20), errdefs.ErrInvalidArgument))
	assert.Less(t, len(huge), maxMessageBytes+100)
	assert.True(t, strings.HasSuffix(huge, fmt.Sprintf("... (message cut at %d of its %d bytes)", maxMessageBytes, 3<<20+len("type URL "))))
}
