package main

import (
	"fmt"
	"path/filepath"

	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmgen"
	"github.com/uvmnet/uvmnet/tools/stategen/internal/fsmspec"
)

// output is one file the command would write. path is as the user gave it
// (or derived from what they gave), so that messages name it the same way.
type output struct {
	path string
	data []byte
}

// generate reads and checks the spec and renders every output the options
// ask for. It returns no outputs unless all of them could be produced, so
// that a run never leaves a half-updated set of files behind.
func generate(spec string, o options, e env) ([]output, error) {
	src, err := e.readFile(spec)
	if err != nil {
		return nil, fmt.Errorf("stategen: %v", err)
	}
	shownSpec := e.shown(spec)
	m, errs := fsmspec.Parse(shownSpec, src)

	names := fsmgen.NewNames(
		firstOf(o.stateType, m.StateType, "State"),
		firstOf(o.eventType, m.EventType, "Event"))
	errs = append(errs, fsmgen.CheckNames(shownSpec, m, names)...)
	// run has checked -package and Parse the package directive; only
	// $GOPACKAGE is left to check.
	pkg := firstOf(o.pkg, m.Package)
	switch {
	case pkg != "" || m.PackagePos != (fsmspec.Pos{}):
	case e.getenv("GOPACKAGE") == "":
		errs = append(errs, fsmspec.Error{File: shownSpec, Pos: m.Pos,
			Msg: "no Go package: add a package directive, pass -package, or run from go generate"})
	case !fsmspec.IsIdent(e.getenv("GOPACKAGE")):
		errs = append(errs, fsmspec.Error{File: shownSpec, Pos: m.Pos,
			Msg: fmt.Sprintf("$GOPACKAGE %q is not a Go identifier", e.getenv("GOPACKAGE"))})
	default:
		pkg = e.getenv("GOPACKAGE")
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}

	base := specBase(spec)
	source := filepath.Base(spec)
	goPath := o.out
	if goPath == "" {
		goPath = base + "_fsm.go"
	}
	code, err := fsmgen.Go(m, fsmgen.GoConfig{Package: pkg, Names: names, Source: source, Command: o.command})
	if err != nil {
		return nil, fmt.Errorf("stategen: %s: %v", shownSpec, err)
	}
	outs := []output{{goPath, code}}

	diagram := fsmgen.Mermaid(m, o.command)
	diagramPath := filepath.Join(filepath.Dir(spec), base+".mmd")
	if o.diagram.set {
		diagramPath = o.diagram.path
	}
	if diagramPath != "" {
		outs = append(outs, output{diagramPath, diagram})
	}
	if o.readme != "" {
		old, err := e.readFile(o.readme)
		if err != nil {
			return nil, fmt.Errorf("stategen: %v", err)
		}
		readme, err := fsmgen.SpliceReadme(e.shown(o.readme), old, base, diagram)
		if err != nil {
			return nil, fmt.Errorf("stategen: %v", err)
		}
		outs = append(outs, output{o.readme, readme})
	}
	if o.doc != "" {
		old, err := e.readFile(o.doc)
		if err != nil {
			return nil, fmt.Errorf("stategen: %v", err)
		}
		doc, err := fsmgen.SpliceDoc(e.shown(o.doc), old, base, m)
		if err != nil {
			return nil, fmt.Errorf("stategen: %v", err)
		}
		outs = append(outs, output{o.doc, doc})
	}
	return outs, nil
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
