package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

// Exit codes, documented in doc.go.
const (
	exitOK    = 0
	exitFail  = 1 // invalid spec or an I/O error
	exitUsage = 2
)

func main() {
	os.Exit(run(os.Args[1:], env{getenv: os.Getenv}, os.Stderr))
}

// env is what run needs from the process besides its arguments, kept apart
// so that tests can run the command in a directory of their own without
// changing the test process's working directory or environment.
type env struct {
	dir    string // directory relative paths resolve against; "" is the current one
	getenv func(string) string
}

// path is where p, as given on the command line, is on disk.
func (e env) path(p string) string {
	if e.dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.dir, p)
}

// shown is how messages name the file p. As given, it is relative to the
// directory the command was started in, which is where its user is. Under
// go generate ($GOFILE is set) that directory is the package's, not the
// one `go generate ./...` was typed in, so a relative name would not
// resolve for the reader: it is shown absolute instead.
func (e env) shown(p string) string {
	if e.getenv("GOFILE") == "" || filepath.IsAbs(p) {
		return p
	}
	abs, err := filepath.Abs(e.path(p))
	if err != nil {
		return p
	}
	return abs
}

// readFile reads p, naming it in an error as [env.shown] does.
func (e env) readFile(p string) ([]byte, error) {
	data, err := os.ReadFile(e.path(p))
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = e.shown(p)
	}
	return data, err
}

// optionalPath is a flag that remembers whether it was given, because
// -diagram= (given, empty) disables the diagram while no -diagram at all
// means the default file.
type optionalPath struct {
	set  bool
	path string
}

func (o *optionalPath) String() string { return o.path }

func (o *optionalPath) Set(s string) error {
	o.set, o.path = true, s
	return nil
}

type options struct {
	command                   []string // the arguments, recorded in the generated files' headers
	out, readme, doc          string
	diagram                   optionalPath
	pkg, stateType, eventType string
}

const synopsis = "usage: stategen [-o file.go] [-diagram file.mmd] [-readme README.md] [-doc doc.go]\n" +
	"                [-package name] [-state-type name] [-event-type name] spec.fsm\n"

// run is the command without the process around it. It prints nothing but
// errors and usage, so it has no standard output to write to.
func run(args []string, e env, stderr io.Writer) int {
	fs := flag.NewFlagSet("stategen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := options{command: args}
	fs.StringVar(&o.out, "o", "", "write the Go code to `file` (default <spec>_fsm.go in the current directory)")
	fs.Var(&o.diagram, "diagram", "write the Mermaid diagram to `file` (default <spec>.mmd next to the spec; empty: none)")
	fs.StringVar(&o.readme, "readme", "", "put the Mermaid diagram between the stategen markers in `file`")
	fs.StringVar(&o.doc, "doc", "", "put the transition table between the stategen markers in the Go comment of `file`")
	fs.StringVar(&o.pkg, "package", "", "Go package `name` of the output (default: the spec's, then $GOPACKAGE)")
	fs.StringVar(&o.stateType, "state-type", "", "`name` of the state type (default: the spec's, then State)")
	fs.StringVar(&o.eventType, "event-type", "", "`name` of the event type (default: the spec's, then Event)")
	fs.Usage = func() {
		fmt.Fprint(stderr, synopsis)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	usage := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "stategen: "+format+"\n", args...)
		fmt.Fprint(stderr, synopsis)
		return exitUsage
	}
	if fs.NArg() != 1 {
		return usage("want exactly one spec file, got %d", fs.NArg())
	}
	if o.out == "" && isSet(fs, "o") {
		return usage("-o needs a file name")
	}
	for _, f := range []struct{ name, value string }{{"state-type", o.stateType}, {"event-type", o.eventType}} {
		if f.value != "" && !fsmspec.IsTypeName(f.value) {
			return usage("-%s %q %s", f.name, f.value, fsmspec.TypeNameProblem(f.value))
		}
	}
	// Both splices would start from the file on disk, and the second
	// write would undo the first.
	if o.readme != "" && o.readme == o.doc {
		return usage("-readme and -doc name the same file %s", o.readme)
	}
	if o.pkg != "" && !fsmspec.IsIdent(o.pkg) {
		return usage("-package %q is not a Go identifier", o.pkg)
	}

	spec := fs.Arg(0)
	outs, err := generate(spec, o, e)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	for _, out := range outs {
		if err := writeIfChanged(e.path(out.path), out.data); err != nil {
			fmt.Fprintf(stderr, "stategen: %v\n", err)
			return exitFail
		}
	}
	return exitOK
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// specBase is the spec's file name without its extension, from which the
// default output names and the README markers are made.
func specBase(spec string) string {
	base := filepath.Base(spec)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
