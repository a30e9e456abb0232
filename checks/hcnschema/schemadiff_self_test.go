package hcnschema_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The parity test is only as good as the checker behind it: a checker that
// reports nothing would make it pass forever. These tests feed it a fixture
// with known drift and require every kind to be reported, and no more.

func TestSchemaMismatchesAcceptsSameWireShape(t *testing.T) {
	ref := lookupType(t, driftPkgPath, "Reference")
	twin := lookupType(t, driftPkgPath, "Twin")

	assert.Empty(t, schemaMismatches("Twin", twin, ref),
		"types that differ only in Go type names must not be reported")
}

func TestSchemaMismatchesReportsEveryDrift(t *testing.T) {
	ref := lookupType(t, driftPkgPath, "Reference")
	drifted := lookupType(t, driftPkgPath, "Drifted")

	type finding struct {
		Path string
		Kind mismatchKind
	}
	var got []finding
	for _, m := range schemaMismatches("Drifted", drifted, ref) {
		t.Log(m)
		got = append(got, finding{m.Path, m.Kind})
	}

	want := []finding{
		{"Drifted.Name", missingField},        // renamed away
		{"Drifted.Removed", missingField},     // dropped
		{"Drifted.Label", extraField},         // renamed to
		{"Drifted.Port", typeDiffers},         // uint32 for uint16
		{"Drifted.Inner.Servers", tagDiffers}, // tag changed
		{"Drifted.Inner.Flags", typeDiffers},  // named uint32 became uint64
		{"Drifted.Items[]", fieldOrder},       // fields swapped
		{"Drifted.Items[].Key", tagDiffers},   // tag dropped
		{"Drifted.Raw", typeDiffers},          // RawMessage became []byte
	}
	assert.ElementsMatch(t, want, got)
}

func TestSchemaMismatchesReportsShapeChanges(t *testing.T) {
	ref := lookupType(t, driftPkgPath, "Reference")
	inner := lookupType(t, driftPkgPath, "ReferenceInner")

	// A struct compared with a scalar, and a slice with a struct, are
	// reported at the path where they part, without descending further.
	m := schemaMismatches("X", inner, ref)
	assert.Len(t, m, 11, "every field of both structs is missing or extra: %v", m)

	flags := lookupType(t, driftPkgPath, "Flags")
	m = schemaMismatches("X", flags, ref)
	if assert.Len(t, m, 1) {
		assert.Equal(t, mismatch{Path: "X", Kind: typeDiffers, Detail: "model has drift.Flags, reference has drift.Reference"}, m[0])
	}
}
