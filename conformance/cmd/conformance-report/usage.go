package main

import (
	"flag"
	"fmt"
	"io"
)

// about is what -h says before the flags: what the command does, how it
// exits, and how it is used.
const about = `conformance-report runs the conformance suite against uvmnet's own
controller on both guest platforms, Linux (LCOW) and Windows (WCOW, both
agent answers), in the Contract profile and, unless -extensions=false,
uvmnet's Extensions, and prints what it found.

The summary fits a 100-column terminal: per binding, scenario family and
profile, how many results passed, failed and were not applicable; then each
failing family once, with its first failure (a random sequence as its seed,
the step that diverged and the few steps before it) and the names of its
other failing cells; last, "N passed, N failed, N not applicable".
It exits 0 when nothing failed, 1 when a scenario failed, 2 when the suite
could not run or the report could not be written.

Examples:

  conformance-report                      summary of both platforms
  conformance-report -seed 42             replay the random sequences of seed 42
  conformance-report -matrix              every scenario in every column, the
                                          faults injected, every failure
  conformance-report -html report.html    also write the page: failures first,
                                          linked to their cells, a failures-only
                                          filter, each random trace one click away
  conformance-report -extensions=false    the Contract alone

Flags:
`

func init() { flag.Usage = func() { usage(flag.CommandLine.Output(), flag.CommandLine) } }

// usage prints what -h shows: about, then fs's flags.
func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprint(w, about)
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
}
