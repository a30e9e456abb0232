package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/uvmnet/uvmnet/netcore"
	"github.com/uvmnet/uvmnet/netcore/hcsmodify/hcsmodifytest"
	"github.com/uvmnet/uvmnet/netcore/nettest"
	"github.com/uvmnet/uvmnet/netlcow"
)

// The command's behaviour is specified by the scripts in testdata/script:
// command lines with their expected output and exit status. The scripts
// run the command in this test binary, as testscript does, and each
// starts with the two-endpoint pod of testdata/pod in its directory, and
// the files of testdata/node: what Windows tools write on a node, one file
// per tool and version, kept byte for byte in their encodings.

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"uvmnet": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			nodeFiles, err := filepath.Glob(filepath.Join("testdata", "node", "*"))
			if err != nil {
				return err
			}
			for _, path := range append([]string{filepath.Join("testdata", "pod", "namespace.json"), filepath.Join("testdata", "pod", "endpoints.json")}, nodeFiles...) {
				name := filepath.Base(path)
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(env.WorkDir, name), data, 0o644); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"unbase64":    unbase64,
			"gensnapshot": gensnapshot,
			"uvmnet-exit": uvmnetExit,
		},
	})
}

// uvmnet-exit STATUS ARGS... runs the command in the script's process,
// its output going to the script's stdout and stderr, and fails unless it
// exits with STATUS: exec only tells zero from non-zero, and the exit
// statuses (0 ok, 1 invalid input, 2 usage) are part of the contract.
func uvmnetExit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: uvmnet-exit STATUS [ARG...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	wd := ts.Getenv("WORK")
	for i, a := range args[1:] {
		// Relative file names are the script's; the process's working
		// directory is the test's.
		if !strings.HasPrefix(a, "-") && i > 0 {
			if _, err := os.Stat(filepath.Join(wd, a)); err == nil {
				args[i+1] = filepath.Join(wd, a)
			}
		}
	}
	if got := run(args[1:], strings.NewReader(""), ts.Stdout(), ts.Stderr()); got != want {
		ts.Fatalf("uvmnet %s: exit status %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// unbase64 IN OUT writes the bytes base64 file IN spells, for scripts that
// need a binary snapshot (a txtar archive holds only text).
func unbase64(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: unbase64 IN OUT")
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(ts.ReadFile(args[0])))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), raw, 0o644))
}

// gensnapshot KIND OUT writes a binary snapshot: KIND "uvmnet" is what
// netcore's Save writes for the pod of testdata/pod set up on a Linux
// guest; any other KIND names one of refusedSnapshots, a snapshot Import
// refuses, too large or too repetitive to keep as text in a script.
func gensnapshot(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gensnapshot KIND OUT")
	}
	var snap *anypb.Any
	if args[0] == "uvmnet" {
		snap = savedSnapshot(ts)
	} else if snap = refusedSnapshots()[args[0]]; snap == nil {
		ts.Fatalf("gensnapshot: no snapshot kind %q", args[0])
	}
	b, err := proto.Marshal(snap)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), b, 0o644))
}

// savedSnapshot sets up the pod of testdata/pod with netcore and saves it.
func savedSnapshot(ts *testscript.TestScript) *anypb.Any {
	ns, _, err := decodeNamespace([]byte(ts.ReadFile("namespace.json")))
	ts.Check(err)
	eps, _, err := decodeEndpoints([]byte(ts.ReadFile("endpoints.json")))
	ts.Check(err)
	host, err := newFileHost(ns, eps, nil)
	ts.Check(err)
	ids := newNICIDSource(ns.Id, nil)
	ctrl, err := netcore.New(netcore.Config{
		NamespaceID:  ns.Id,
		VM:           nettest.NopVM{},
		Host:         host,
		Guest:        netlcow.NewGuestSteps(netlcow.NewGuestManager(&hcsmodifytest.Recorder{})),
		Capabilities: guestCapability(true),
		Tuning:       netcore.Tuning{NewNICID: ids.newNICID},
	})
	ts.Check(err)
	ctx := quietContext()
	ts.Check(ctrl.Setup(ctx))
	snap, err := ctrl.Save(ctx)
	ts.Check(err)
	return snap
}
