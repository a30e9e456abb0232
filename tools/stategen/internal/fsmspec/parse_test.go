package fsmspec

import (
	"os"
	"path/filepath"
	"testing"
)

// The command's golden tests cover the messages; these tests cover what
// the generators rely on in an accepted machine.

func TestParseRealSpecs(t *testing.T) {
	// The specs grow with the project; this checks what must hold for the
	// controller's code, not how many rows there are.
	for _, c := range []struct {
		file                         string
		initial, stateType, terminal string
	}{
		{"network.fsm", "NotConfigured", "State", "TornDown"},
		{"nic.fsm", "Planned", "nicState", "Removed"},
	} {
		src, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "gen", c.file))
		if err != nil {
			t.Fatal(err)
		}
		m, errs := Parse(c.file, src)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", c.file, errs)
		}
		terms := m.Terminals()
		if len(m.States) == 0 || len(m.Events) == 0 || len(m.Transitions) == 0 ||
			m.States[m.Initial].Name != c.initial || m.StateType != c.stateType ||
			len(terms) != 1 || m.States[terms[0]].Name != c.terminal || m.Package != "netcore" {
			t.Errorf("%s: parsed as %+v", c.file, m)
		}
	}
}

// TestLineEndsAndBOM checks that CRLF files and a leading byte order mark,
// both common from Windows editors, parse like plain files, with columns
// still counted in bytes of the file.
func TestLineEndsAndBOM(t *testing.T) {
	src := "\uFEFFmachine M\r\ninitial A\r\nterminal B\r\nstate A  Doc with CR.\r\nstate B  End.\r\nevent Go  Go.\r\nA --Go--> B\r\nA --Nope--> B\r\n"
	m, errs := Parse("m.fsm", []byte(src))
	if len(errs) != 1 || errs[0].Error() != `m.fsm:8:5: unknown event "Nope"` {
		t.Fatalf("errors: %v", errs)
	}
	if m.Name != "M" || m.Pos != (Pos{1, 4}) || m.States[0].Doc != "Doc with CR." {
		t.Errorf("parsed %q at %v, doc %q", m.Name, m.Pos, m.States[0].Doc)
	}
}

func TestTransitionPositions(t *testing.T) {
	src := "machine M\ninitial A\nterminal B\nstate A  a.\nstate B  b.\nevent Go  go.\n  A\t--Go-->  B # done\n"
	m, errs := Parse("m.fsm", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	tr := m.Transitions[0]
	if tr.FromPos != (Pos{7, 3}) || tr.EventPos != (Pos{7, 7}) || tr.ToPos != (Pos{7, 14}) {
		t.Errorf("positions %v %v %v", tr.FromPos, tr.EventPos, tr.ToPos)
	}
}

func TestIdents(t *testing.T) {
	for s, want := range map[string][3]bool{
		"State": {true, true, true}, "state": {true, false, true}, "Ünï": {true, true, true}, "_X": {true, false, true},
		"X1_y": {true, true, true}, "1X": {false, false, false}, "": {false, false, false}, "_": {false, false, false},
		"func": {false, false, false}, "A-B": {false, false, false}, "Ⅻ": {false, false, false},
		"nicState": {true, false, true}, "ünï": {true, false, true},
		// Unexported type names that would shadow what the generated code uses.
		"string": {true, false, false}, "uint8": {true, false, false}, "error": {true, false, false},
		"any": {true, false, false}, "strconv": {true, false, false}, "s": {true, false, false},
		"e": {true, false, false}, "err": {true, false, false}, "next": {true, false, false},
	} {
		if got := [3]bool{IsIdent(s), IsExportedIdent(s), IsTypeName(s)}; got != want {
			t.Errorf("%q: IsIdent, IsExportedIdent, IsTypeName = %v, want %v", s, got, want)
		}
	}
}
