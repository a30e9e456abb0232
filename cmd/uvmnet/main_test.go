package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The command's behaviour is specified by the scripts in testdata/script:
// command lines with their expected output and exit status. The scripts
// run the command in this test binary, as testscript does, and each
// starts with the two-endpoint pod of testdata/pod in its directory.

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"uvmnet": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			for _, name := range []string{"namespace.json", "endpoints.json"} {
				data, err := os.ReadFile(filepath.Join("testdata", "pod", name))
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
			"unbase64": unbase64,
		},
	})
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
