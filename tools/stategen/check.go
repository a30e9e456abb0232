package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/textdiff"
)

// check implements -check: it compares every output with the file on disk
// and prints a diff for each that differs or is missing, so that CI can
// show what go generate would change without changing it.
func check(outs []output, e env, stdout, stderr io.Writer) int {
	stale := 0
	for _, out := range outs {
		old, err := os.ReadFile(e.path(out.path))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "stategen: %v\n", err)
			return exitFail
		}
		d := textdiff.Unified(out.path+" (on disk)", out.path+" (generated)", string(old), string(out.data))
		if d != "" {
			stale++
			fmt.Fprint(stdout, d)
		}
	}
	if stale > 0 {
		fmt.Fprintf(stderr, "stategen: %d of %d outputs are stale; run go generate\n", stale, len(outs))
		return exitFail
	}
	return exitOK
}
