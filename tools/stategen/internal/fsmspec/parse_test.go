package fsmspec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		require.NoError(t, err)
		m, errs := Parse(c.file, src)
		require.Empty(t, errs, c.file)
		assert.NotEmpty(t, m.States, c.file)
		assert.NotEmpty(t, m.Events, c.file)
		assert.NotEmpty(t, m.Transitions, c.file)
		assert.Equal(t, c.initial, m.States[m.Initial].Name, c.file)
		assert.Equal(t, c.stateType, m.StateType, c.file)
		assert.Equal(t, "netcore", m.Package, c.file)
		terms := m.Terminals()
		if assert.Len(t, terms, 1, c.file) {
			assert.Equal(t, c.terminal, m.States[terms[0]].Name, c.file)
		}
	}
}

// TestLineEndsAndBOM checks that CRLF files and a leading byte order mark,
// both common from Windows editors, parse like plain files, with columns
// still counted in bytes of the file.
func TestLineEndsAndBOM(t *testing.T) {
	src := "\uFEFFmachine M\r\ninitial A\r\nterminal B\r\nstate A  Doc with CR.\r\nstate B  End.\r\nevent Go  Go.\r\nA --Go--> B\r\nA --Nope--> B\r\n"
	m, errs := Parse("m.fsm", []byte(src))
	require.EqualError(t, errs, `m.fsm:8:5: unknown event "Nope"`)
	assert.Equal(t, "M", m.Name)
	assert.Equal(t, Pos{1, 4}, m.Pos)
	assert.Equal(t, "Doc with CR.", m.States[0].Doc)
}

func TestTransitionPositions(t *testing.T) {
	src := "machine M\ninitial A\nterminal B\nstate A  a.\nstate B  b.\nevent Go  go.\n  A\t--Go-->  B # done\n"
	m, errs := Parse("m.fsm", []byte(src))
	require.Empty(t, errs)
	tr := m.Transitions[0]
	assert.Equal(t, []Pos{{7, 3}, {7, 7}, {7, 14}}, []Pos{tr.FromPos, tr.EventPos, tr.ToPos})
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
		assert.Equal(t, want, [3]bool{IsIdent(s), IsExportedIdent(s), IsTypeName(s)}, "%q: IsIdent, IsExportedIdent, IsTypeName", s)
	}
}
