package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// e2eSpec exercises a machine with custom type names, a self loop, two
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

// e2eTest uses the generated API the way a package would, from outside the
// generator, so that it fails if the code does not compile, does not behave
// as doc.go promises, or allocates on a lookup.
const e2eTest = `package door

import (
	"errors"
	"slices"
	"testing"
)

func TestTable(t *testing.T) {
	if InitialDoorState != DoorStateClosed || DoorStateCount != 4 || DoorEventCount != 4 {
		t.Fatalf("constants: initial %v, %d states, %d events", InitialDoorState, DoorStateCount, DoorEventCount)
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
	if s.Events() != 0 || s.Events().Len() != 0 {
		t.Errorf("terminal %v accepts %v", s, s.Events())
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

func TestSetsAndNames(t *testing.T) {
	set := DoorStateOpen.Events()
	if got := slices.Collect(set.All()); !slices.Equal(got, []DoorEvent{DoorEventPush, DoorEventKick, DoorEventGone}) {
		t.Errorf("Open.Events().All() = %v", got)
	}
	if set.String() != "{Push, Kick, Gone}" || set.Len() != 3 || !set.Has(DoorEventKick) || set.Has(DoorEventKnock) {
		t.Errorf("Open.Events() = %v (len %d)", set, set.Len())
	}
	if set.Has(DoorEvent(70)) || DoorStateClosed.Events().String() != "{Push, Kick, Knock}" {
		t.Errorf("Has or String is wrong")
	}
	for s := range DoorStateCount {
		for e := range DoorEventCount {
			if s.Can(e) != s.Events().Has(e) {
				t.Errorf("%v: Can(%v) and Events disagree", s, e)
			}
		}
	}
	for v, want := range map[any]string{
		DoorStateClosed: "Closed", DoorStateGone: "Gone", DoorState(4): "DoorState(4)",
		DoorEventGone: "Gone", DoorEvent(4): "DoorEvent(4)", DoorEventSet(0): "{}",
	} {
		if got := v.(interface{ String() string }).String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
	if !DoorStateGone.IsValid() || DoorStateCount.IsValid() || !DoorEventGone.IsValid() || DoorEventCount.IsValid() {
		t.Errorf("IsValid is wrong")
	}
	for range set.All() {
		break // All must honour an early stop
	}
}

var sink struct {
	s   DoorState
	ok  bool
	set DoorEventSet
	str string
	n   int
}

func TestZeroAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		for s := range DoorStateCount {
			for e := range DoorEventCount {
				// Only the error path of Next may allocate.
				if s.Can(e) {
					sink.s, _ = s.Next(e)
				}
				sink.ok = s.IsTerminal() || s.IsValid() || e.IsValid()
				sink.set = s.Events()
				sink.ok = sink.set.Has(e)
				sink.n = sink.set.Len()
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
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runStategen(t *testing.T, e env, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(args, e, &stdout, &stderr); code != 0 {
		t.Fatalf("stategen %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
}

func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	t.Parallel()
	dir := writeModule(t, map[string]string{"door.fsm": e2eSpec, "door_test.go": e2eTest})
	runStategen(t, env{dir: dir, getenv: func(string) string { return "" }}, "door.fsm")
	for _, f := range []string{"door_fsm.go", "door.mmd"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("default output: %v", err)
		}
	}
	out, err := goCmd(t, dir, "test", "-count=1", "-bench=.", "-benchtime=1000x", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go test in the generated module: %v\n%s", err, out)
	}
	t.Logf("%s", out)
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
			"-dot", filepath.Join(dir, name+".dot"),
			spec)
	}
	out, err := goCmd(t, dir, "vet", "./...").CombinedOutput()
	if err != nil {
		t.Fatalf("go vet on the generated package: %v\n%s", err, out)
	}
}
