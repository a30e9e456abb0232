package hcnschema_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSchemaParityWithHCN pins the model to the hcsshim version the hcnhost
// module requires (this module requires the same one).
// When an hcsshim upgrade adds, renames, retypes or retags a field of the
// namespace or endpoint documents, this test names each change so the model
// can follow; until it does, hcnhost's field-by-field converters would drop
// the new fields (hcnhost's TestConversionsCoverEveryField fails too).
func TestSchemaParityWithHCN(t *testing.T) {
	pairs := []struct {
		model, ref string
	}{
		{"Namespace", "HostComputeNamespace"},
		{"Endpoint", "HostComputeEndpoint"},
	}
	for _, p := range pairs {
		t.Run(p.model, func(t *testing.T) {
			model := lookupType(t, modelPkgPath, p.model)
			ref := lookupType(t, hcnPkgPath, p.ref)
			assert.Empty(t, schemaMismatches(p.model, model, ref), "hcnmodel drifted from hcn.%s", p.ref)
		})
	}
}
