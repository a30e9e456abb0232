package hcnschema_test

import (
	"fmt"
	"go/types"
	"reflect"
	"slices"
)

// The schema checker compares two Go types as JSON schemas: the model type
// we own against the hcsshim type it mirrors. It works on go/types values,
// not reflection, because the hcsshim types only type-check for Windows and
// the parity test must run on every OS.

// mismatchKind classifies one difference between the model and the
// reference, so tests can assert on what was found rather than on wording.
type mismatchKind string

const (
	missingField  mismatchKind = "missing field"
	extraField    mismatchKind = "extra field"
	fieldOrder    mismatchKind = "field order"
	tagDiffers    mismatchKind = "json tag"
	typeDiffers   mismatchKind = "type"
	embedDiffers  mismatchKind = "embedding"
	lengthDiffers mismatchKind = "array length"
)

// mismatch is one difference, located by a path such as
// "Endpoint.Dns.ServerList" or "Endpoint.Policies[].Settings".
type mismatch struct {
	Path   string
	Kind   mismatchKind
	Detail string
}

func (m mismatch) String() string {
	return fmt.Sprintf("%s: %s: %s", m.Path, m.Kind, m.Detail)
}

// schemaMismatches returns every difference between model and ref, rooted
// at the path root. An empty result means a document encoded from one type
// decodes into the other with nothing lost or renamed.
func schemaMismatches(root string, model, ref types.Type) []mismatch {
	d := &schemaDiff{seen: make(map[[2]types.Type]bool)}
	d.compare(root, model, ref)
	return d.found
}

type schemaDiff struct {
	// seen stops the walk on self-referencing types; a pair of named types
	// needs comparing only once.
	seen  map[[2]types.Type]bool
	found []mismatch
}

func (d *schemaDiff) report(path string, kind mismatchKind, format string, args ...any) {
	d.found = append(d.found, mismatch{Path: path, Kind: kind, Detail: fmt.Sprintf(format, args...)})
}

func (d *schemaDiff) typeMismatch(path string, model, ref types.Type) {
	d.report(path, typeDiffers, "model has %s, reference has %s", typeName(model), typeName(ref))
}

func (d *schemaDiff) compare(path string, model, ref types.Type) {
	model, ref = types.Unalias(model), types.Unalias(ref)

	// json.RawMessage is a []byte to the type system but an opaque JSON
	// value on the wire, while a plain []byte is base64 text: the two must
	// never be taken for each other.
	if mRaw, rRaw := isRawMessage(model), isRawMessage(ref); mRaw || rRaw {
		if mRaw != rRaw {
			d.typeMismatch(path, model, ref)
		}
		return
	}

	_, mNamed := model.(*types.Named)
	_, rNamed := ref.(*types.Named)
	if mNamed && rNamed {
		key := [2]types.Type{model, ref}
		if d.seen[key] {
			return
		}
		d.seen[key] = true
	}

	switch r := ref.Underlying().(type) {
	case *types.Basic:
		m, ok := model.Underlying().(*types.Basic)
		if !ok || m.Kind() != r.Kind() {
			d.typeMismatch(path, model, ref)
		}
	case *types.Struct:
		m, ok := model.Underlying().(*types.Struct)
		if !ok {
			d.typeMismatch(path, model, ref)
			return
		}
		d.fields(path, m, r)
	case *types.Slice:
		m, ok := model.Underlying().(*types.Slice)
		if !ok {
			d.typeMismatch(path, model, ref)
			return
		}
		d.compare(path+"[]", m.Elem(), r.Elem())
	case *types.Array:
		m, ok := model.Underlying().(*types.Array)
		if !ok {
			d.typeMismatch(path, model, ref)
			return
		}
		if m.Len() != r.Len() {
			d.report(path, lengthDiffers, "model has %d, reference has %d", m.Len(), r.Len())
		}
		d.compare(path+"[]", m.Elem(), r.Elem())
	case *types.Pointer:
		m, ok := model.Underlying().(*types.Pointer)
		if !ok {
			d.typeMismatch(path, model, ref)
			return
		}
		d.compare(path, m.Elem(), r.Elem())
	case *types.Map:
		m, ok := model.Underlying().(*types.Map)
		if !ok {
			d.typeMismatch(path, model, ref)
			return
		}
		d.compare(path+"[key]", m.Key(), r.Key())
		d.compare(path+"[]", m.Elem(), r.Elem())
	case *types.Interface:
		// Only the method set matters to encoding/json (and in practice
		// both sides use the empty interface).
		m, ok := model.Underlying().(*types.Interface)
		if !ok || !types.Identical(m, r) {
			d.typeMismatch(path, model, ref)
		}
	default:
		if !types.Identical(model.Underlying(), ref.Underlying()) {
			d.typeMismatch(path, model, ref)
		}
	}
}

// fields compares two struct types field by field, matching fields by name
// so that one rename shows up as one missing and one extra field instead of
// a cascade of positional differences.
func (d *schemaDiff) fields(path string, model, ref *types.Struct) {
	modelIdx := fieldIndex(model)
	refIdx := fieldIndex(ref)

	for i := range ref.NumFields() {
		name := ref.Field(i).Name()
		if _, ok := modelIdx[name]; !ok {
			d.report(path+"."+name, missingField, "reference field %d (%s) is absent from the model", i, typeName(ref.Field(i).Type()))
		}
	}
	for i := range model.NumFields() {
		name := model.Field(i).Name()
		if _, ok := refIdx[name]; !ok {
			d.report(path+"."+name, extraField, "model field %d (%s) is absent from the reference", i, typeName(model.Field(i).Type()))
		}
	}

	modelOrder := commonNames(model, refIdx)
	refOrder := commonNames(ref, modelIdx)
	if !slices.Equal(modelOrder, refOrder) {
		d.report(path, fieldOrder, "model orders %v, reference orders %v", modelOrder, refOrder)
	}

	for i := range ref.NumFields() {
		rf := ref.Field(i)
		j, ok := modelIdx[rf.Name()]
		if !ok {
			continue
		}
		mf := model.Field(j)
		fieldPath := path + "." + rf.Name()
		if mTag, rTag := jsonTag(model.Tag(j)), jsonTag(ref.Tag(i)); mTag != rTag {
			d.report(fieldPath, tagDiffers, "model has %s, reference has %s", mTag, rTag)
		}
		if mf.Embedded() != rf.Embedded() {
			d.report(fieldPath, embedDiffers, "model embedded=%t, reference embedded=%t", mf.Embedded(), rf.Embedded())
		}
		d.compare(fieldPath, mf.Type(), rf.Type())
	}
}

func fieldIndex(s *types.Struct) map[string]int {
	idx := make(map[string]int, s.NumFields())
	for i := range s.NumFields() {
		idx[s.Field(i).Name()] = i
	}
	return idx
}

// commonNames lists the fields of s, in order, that the other struct has.
func commonNames(s *types.Struct, other map[string]int) []string {
	var names []string
	for i := range s.NumFields() {
		if _, ok := other[s.Field(i).Name()]; ok {
			names = append(names, s.Field(i).Name())
		}
	}
	return names
}

// jsonTag renders a field's json tag so that an absent tag and an empty one
// stay distinguishable in reports.
func jsonTag(tag string) string {
	v, ok := reflect.StructTag(tag).Lookup("json")
	if !ok {
		return "no json tag"
	}
	return fmt.Sprintf("`json:%q`", v)
}

func isRawMessage(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "encoding/json" && obj.Name() == "RawMessage"
}

func typeName(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
