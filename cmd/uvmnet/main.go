package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/containerd/log"
	"github.com/sirupsen/logrus"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

const topUsage = `uvmnet shows what uvmnet's pod-network controller sends and saves.

Usage:
	uvmnet plan [flags]          print every document Setup and Teardown send
	uvmnet snapshot [flags] FILE print what a live-migration snapshot holds
	uvmnet help [COMMAND]        print help for a command
	uvmnet --version             print the version this binary was built from

Run 'uvmnet help plan' or 'uvmnet help snapshot' for flags and an example,
and 'go doc github.com/uvmnet/uvmnet/cmd/uvmnet' for the operator's guide.
`

// usageError is a command line the command cannot act on: an unknown
// subcommand, flag or flag value, or a missing argument. It exits with
// status 2, with a pointer to the subcommand's help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...)}
}

// streams are a command's standard streams.
type streams struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand.
type command struct {
	name  string
	usage string
	// run parses args with fs (whose output is already discarded) and acts.
	run func(ctx context.Context, fs *flag.FlagSet, args []string, s streams) error
}

var commands = []command{planCommand, snapshotCommand}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole command, with its streams, returning the exit status.
// It never panics on any input: every failure is an error printed to stderr.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(rest, stdout, stderr)
	case "version", "-version", "--version":
		printVersion(stdout)
		return exitOK
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "uvmnet: unknown command %s\nRun 'uvmnet help' for the commands.\n", boundedQuote(name))
		return exitUsage
	}
	fs := flag.NewFlagSet("uvmnet "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	err := cmd.run(quietContext(), fs, rest, streams{stdin: stdin, stdout: stdout, stderr: stderr})
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, cmd.usage)
		printFlags(stdout, fs)
		return exitOK
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "uvmnet %s: %s\nRun 'uvmnet help %s' for usage.\n", cmd.name, cliMessage(err), cmd.name)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "uvmnet %s: %s\n", cmd.name, cliMessage(err))
		return exitInvalid
	}
}

// errdefs classes, as their errors spell themselves. The library's errors
// carry them for a shim's code to test with errdefs.Is...; on an
// operator's terminal they are noise after a message that already says
// what is wrong ("no such file or directory: invalid argument").
var errdefsClassWords = []string{
	"invalid argument", "not found", "already exists", "failed precondition", "not implemented",
	"resource exhausted", "unavailable", "internal", "permission denied", "conflict", "unknown",
}

// cliMessage is err's message without errdefs class words where they
// end a clause, and with every control character but newline and tab
// escaped: library errors may carry an input's value unquoted (an
// endpoint's ID in "endpoint <ID>: ..."), and it must not reach the
// operator's terminal as an escape sequence.
func cliMessage(err error) string {
	msg := escapeControls(err.Error())
	for changed := true; changed; {
		before := msg
		for _, w := range errdefsClassWords {
			msg = strings.ReplaceAll(msg, ": "+w+"\n", "\n")
			msg = strings.ReplaceAll(msg, ": "+w+": ", ": ")
			msg = strings.TrimSuffix(msg, ": "+w)
		}
		changed = msg != before
	}
	if len(msg) > maxMessageBytes {
		cut := maxMessageBytes
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = fmt.Sprintf("%s... (message cut at %d of its %d bytes)", msg[:cut], cut, len(msg))
	}
	return msg
}

// maxMessageBytes bounds one error message on the terminal, whatever a
// library quoted into it: every value in the command's own errors is
// already bounded, and a real refusal, even of a 64-NIC pod, fits.
const maxMessageBytes = 16 << 10

// escapeControls writes control characters (but newline and tab) and
// invalid UTF-8 as Go escapes.
func escapeControls(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			fmt.Fprintf(&b, "\\x%02x", s[i])
		case unicode.IsControl(r) && r != '\n' && r != '\t':
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, topUsage)
		return exitOK
	}
	cmd, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "uvmnet help: unknown command %s\nRun 'uvmnet help' for the commands.\n", boundedQuote(args[0]))
		return exitUsage
	}
	if len(args) > 1 {
		fmt.Fprintf(stderr, "uvmnet help: unexpected argument %s after %q: help takes one command\nRun 'uvmnet help %s' for usage.\n",
			boundedQuote(args[1]), cmd.name, cmd.name)
		return exitUsage
	}
	fs := flag.NewFlagSet("uvmnet "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// Defining the flags is all a parse of -h does before it stops.
	_ = cmd.run(context.Background(), fs, []string{"-h"}, streams{stdout: io.Discard, stderr: io.Discard})
	fmt.Fprint(stdout, cmd.usage)
	printFlags(stdout, fs)
	return exitOK
}

func printFlags(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// printVersion prints the version of the module the binary was built
// from, as the Go toolchain recorded it, and of the uvmnet modules whose
// code makes the documents: `go install ...@v0.1.0` records v0.1.0, a
// build in a clone "(devel)".
func printVersion(w io.Writer) {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(w, "uvmnet: no build information in this binary")
		return
	}
	fmt.Fprintf(w, "uvmnet %s (%s, %s)\n", info.Main.Version, info.Main.Path, info.GoVersion)
	for _, dep := range info.Deps {
		if strings.HasPrefix(dep.Path, "github.com/uvmnet/uvmnet/") || dep.Path == "github.com/Microsoft/hcsshim" {
			version := dep.Version
			if dep.Replace != nil {
				version += " => " + dep.Replace.Path + " " + dep.Replace.Version
			}
			fmt.Fprintf(w, "  %s %s\n", dep.Path, version)
		}
	}
}

// quietContext carries a logger that writes nothing: the controller logs
// its progress for a shim's log, which on an operator's terminal would only
// bury the output the command exists for.
func quietContext() context.Context {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return log.WithLogger(context.Background(), logrus.NewEntry(l))
}
