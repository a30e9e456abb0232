package main

import (
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmgen"
	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

// FuzzParse feeds arbitrary text to the parser and, when it is accepted, to
// every generator. The seeds in testdata/fuzz/FuzzParse are the real specs
// and some broken ones. Whatever the input, nothing may panic; a rejected
// spec must come with errors that point into it; an accepted one must give
// Go code that parses.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		m, errs := fsmspec.Parse("spec.fsm", src)
		names := fsmgen.NewNames(firstOf(m.StateType, "State"), firstOf(m.EventType, "Event"))
		errs = append(errs, fsmgen.CheckNames("spec.fsm", m, names)...)
		if len(errs) > 0 {
			for _, e := range errs {
				assert.True(t, e.File == "spec.fsm" && e.Pos.Line >= 1 && e.Pos.Col >= 1 && e.Msg != "", "bad error %#v", e)
			}
			return
		}
		require.True(t, m.Initial >= 0 && m.Initial < len(m.States) && len(m.States) <= fsmspec.MaxStates && len(m.Events) <= fsmspec.MaxEvents,
			"accepted a machine with initial %d, %d states, %d events", m.Initial, len(m.States), len(m.Events))
		code, err := fsmgen.Go(m, fsmgen.GoConfig{Package: firstOf(m.Package, "fuzz"), Names: names, Source: "spec.fsm"})
		require.NoError(t, err, "accepted spec, but Go generation failed")
		_, err = parser.ParseFile(token.NewFileSet(), "spec_fsm.go", code, parser.AllErrors)
		require.NoError(t, err, "generated Go does not parse:\n%s", code)
		fsmgen.Mermaid(m, []string{"spec.fsm"})
		fsmgen.Table(m)
	})
}
