package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

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

Run 'uvmnet help plan' or 'uvmnet help snapshot' for flags and an example.
`

// usageError is a command line the command cannot act on: an unknown
// subcommand, flag or flag value, or a missing argument. It exits with
// status 2, after the subcommand's help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{msg: fmt.Sprintf(format, args...)}
}

// command is one subcommand.
type command struct {
	name  string
	usage string
	// run parses args with fs (whose output is already discarded) and acts.
	run func(ctx context.Context, fs *flag.FlagSet, args []string, stdin io.Reader, stdout io.Writer) error
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
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "uvmnet: unknown command %q\n\n%s", name, topUsage)
		return exitUsage
	}
	fs := flag.NewFlagSet("uvmnet "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	err := cmd.run(quietContext(), fs, rest, stdin, stdout)
	var usage usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, cmd.usage)
		printFlags(stdout, fs)
		return exitOK
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "uvmnet %s: %v\n\n%s", cmd.name, err, cmd.usage)
		printFlags(stderr, fs)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "uvmnet %s: %v\n", cmd.name, err)
		return exitInvalid
	}
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
	if !ok || len(args) > 1 {
		fmt.Fprintf(stderr, "uvmnet help: unknown command %q\n\n%s", args[0], topUsage)
		return exitUsage
	}
	fs := flag.NewFlagSet("uvmnet "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// Defining the flags is all a parse of -h does before it stops.
	_ = cmd.run(context.Background(), fs, []string{"-h"}, nil, io.Discard)
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

// quietContext carries a logger that writes nothing: the controller logs
// its progress for a shim's log, which on an operator's terminal would only
// bury the output the command exists for.
func quietContext() context.Context {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return log.WithLogger(context.Background(), logrus.NewEntry(l))
}
