package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// e2eSpec exercises a machine with custom exported type names, a self loop, two
// terminal states and an event that is also a state's name.
const e2eSpec = `machine Door
package door
state-type DoorState
event-type DoorEvent
initial Closed
terminal Broken Gone

state Closed  The door is shut.
state Open    The door is open.
state Broken  The door came off its hinges.
state Gone    Someone took the door.

event Push    Someone pushed the door.
event Kick    Someone kicked the door.
event Knock   Someone knocked; nothing happens.
event Gone    Someone carried the door away.

Closed --Push--> Open
Closed --Knock--> Closed
Open   --Push--> Closed
Closed --Kick--> Broken
Open   --Kick--> Broken
Open   --Gone--> Gone
`

// lockSpec is a machine with unexported type names, generated into the
// same package as the door, so that both must compile side by side and the
// lock must add nothing to the package's API.
const lockSpec = `machine Lock
package door
state-type lockState
event-type lockEvent
initial Unlocked
terminal Jammed

state Unlocked  The bolt is back.
state Locked    The bolt is out.
state Jammed    The key broke off.

event Turn      The key turned.
event Break     The key broke.

Unlocked --Turn--> Locked
Locked   --Turn--> Unlocked
Locked   --Break--> Jammed
`

// e2eTest uses the generated API the way a package would, from outside the
// generator, so that it fails if the code does not compile, does not behave
// as doc.go promises, or allocates on a lookup. It asserts with the testing
// package alone, because the module it runs in builds offline from the
// standard library, as the generated code must.
const e2eTest = `package door

import (
	"errors"
	"testing"
)

func TestTable(t *testing.T) {
	if InitialDoorState != DoorStateClosed || _DoorStateCount != 4 || _DoorEventCount != 4 {
		t.Fatalf("constants: initial %v, %d states, %d events", InitialDoorState, _DoorStateCount, _DoorEventCount)
	}
	s := InitialDoorState
	for _, step := range []struct {
		e    DoorEvent
		want DoorState
	}{
		{DoorEventKnock, DoorStateClosed},
		{DoorEventPush, DoorStateOpen},
		{DoorEventPush, DoorStateClosed},
		{DoorEventPush, DoorStateOpen},
		{DoorEventGone, DoorStateGone},
	} {
		if !s.Can(step.e) {
			t.Fatalf("%v cannot take %v", s, step.e)
		}
		next, err := s.Next(step.e)
		if err != nil || next != step.want {
			t.Fatalf("%v.Next(%v) = %v, %v; want %v", s, step.e, next, err, step.want)
		}
		s = next
	}
	if !s.IsTerminal() || !DoorStateBroken.IsTerminal() || DoorStateOpen.IsTerminal() {
		t.Errorf("IsTerminal is wrong")
	}
	for e := range _DoorEventCount {
		if s.Can(e) {
			t.Errorf("terminal %v accepts %v", s, e)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		s    DoorState
		e    DoorEvent
		want string
	}{
		{DoorStateClosed, DoorEventGone, "Door machine: no transition from Closed on Gone"},
		{DoorStateBroken, DoorEventPush, "Door machine: no transition from Broken on Push"},
		{DoorState(9), DoorEventPush, "Door machine: no transition from DoorState(9) on Push"},
		{DoorStateOpen, DoorEvent(200), "Door machine: no transition from Open on DoorEvent(200)"},
		{DoorState(255), DoorEvent(255), "Door machine: no transition from DoorState(255) on DoorEvent(255)"},
	} {
		next, err := c.s.Next(c.e)
		var te *DoorStateTransitionError
		if !errors.As(err, &te) || te.From != c.s || te.Event != c.e {
			t.Errorf("%v.Next(%v): error %#v", c.s, c.e, err)
			continue
		}
		if next != c.s || c.s.Can(c.e) {
			t.Errorf("%v.Next(%v) moved to %v or Can said yes", c.s, c.e, next)
		}
		if err.Error() != c.want {
			t.Errorf("error %q, want %q", err, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	for v, want := range map[any]string{
		DoorStateClosed: "Closed", DoorStateGone: "Gone", DoorState(4): "DoorState(4)",
		DoorEventGone: "Gone", DoorEvent(4): "DoorEvent(4)",
		lockStateJammed: "Jammed", lockState(3): "lockState(3)", lockEventBreak: "Break",
	} {
		if got := v.(interface{ String() string }).String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}

// TestUnexportedMachine drives the lock through every name generated from
// its unexported types.
func TestUnexportedMachine(t *testing.T) {
	s := initialLockState
	for _, e := range []lockEvent{lockEventTurn, lockEventTurn, lockEventTurn, lockEventBreak} {
		next, err := s.Next(e)
		if err != nil {
			t.Fatal(err)
		}
		s = next
	}
	if s != lockStateJammed || !s.IsTerminal() || _lockStateCount != 3 || _lockEventCount != 2 {
		t.Fatalf("ended in %v", s)
	}
	_, err := lockStateUnlocked.Next(lockEventBreak)
	var te *lockStateTransitionError
	if !errors.As(err, &te) || err.Error() != "Lock machine: no transition from Unlocked on Break" {
		t.Errorf("error %v", err)
	}
}

var sink struct {
	s   DoorState
	ok  bool
	str string
}

func TestZeroAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		for s := range _DoorStateCount {
			for e := range _DoorEventCount {
				// Only the error path of Next may allocate.
				if s.Can(e) {
					sink.s, _ = s.Next(e)
				}
				sink.ok = s.IsTerminal()
				sink.str = s.String()
				sink.str = e.String()
			}
		}
	})
	if allocs != 0 {
		t.Errorf("lookups allocate %v times per run", allocs)
	}
}

func BenchmarkNext(b *testing.B) {
	b.ReportAllocs()
	s := DoorStateClosed
	for b.Loop() {
		s, _ = s.Next(DoorEventKnock)
	}
	sink.s = s
}
`

// goCmd returns a go command that runs in dir on its own: outside the
// workspace, with no network, so that generated code has to build from the
// standard library alone.
func goCmd(t *testing.T, dir string, args ...string) *exec.Cmd {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	cmd := exec.Command(gobin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
	return cmd
}

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module e2e\n\ngo 1.26.8\n"
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	return dir
}

func runStategen(t *testing.T, e env, args ...string) {
	t.Helper()
	var stderr bytes.Buffer
	require.Equal(t, 0, run(args, e, &stderr), "stategen %s:\n%s", strings.Join(args, " "), stderr.String())
}

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Parallel()
	dir := writeModule(t, map[string]string{"door.fsm": e2eSpec, "lock.fsm": lockSpec, "door_test.go": e2eTest})
	e := env{dir: dir, getenv: func(string) string { return "" }}
	runStategen(t, e, "door.fsm")
	runStategen(t, e, "lock.fsm")
	for _, f := range []string{"door_fsm.go", "door.mmd", "lock_fsm.go", "lock.mmd"} {
		assert.FileExists(t, filepath.Join(dir, f), "default output")
	}
	out, err := goCmd(t, dir, "test", "-count=1", "-bench=.", "-benchtime=1000x", "./...").CombinedOutput()
	require.NoError(t, err, "go test in the generated module:\n%s", out)
	t.Logf("%s", out)
	// The lock's types are unexported, so nothing of it is in the package's
	// API: go doc lists the door's declarations and nothing else.
	out, err = goCmd(t, dir, "doc", "-short", ".").CombinedOutput()
	require.NoError(t, err, "go doc:\n%s", out)
	want := "const InitialDoorState = DoorStateClosed\n" +
		"type DoorEvent uint8\n" +
		"    const DoorEventPush DoorEvent = 0 ...\n" +
		"type DoorState uint8\n" +
		"    const DoorStateClosed DoorState = 0 ...\n" +
		"type DoorStateTransitionError struct{ ... }\n"
	assert.Equal(t, want, string(out), "go doc -short")
}

// TestRealSpecs generates the repository's own specs side by side in one
// package, as netcore has them, and builds and vets the result.
func TestRealSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Parallel()
	dir := writeModule(t, map[string]string{})
	e := env{getenv: func(string) string { return "" }}
	for _, name := range []string{"network", "nic"} {
		spec := filepath.Join("..", "..", "gen", name+".fsm")
		runStategen(t, e,
			"-o", filepath.Join(dir, name+"_fsm.go"),
			"-diagram", filepath.Join(dir, name+".mmd"),
			spec)
	}
	out, err := goCmd(t, dir, "vet", "./...").CombinedOutput()
	require.NoError(t, err, "go vet on the generated package:\n%s", out)
}
