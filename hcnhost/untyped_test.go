package hcnhost

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCopyUntypedSharesNothing(t *testing.T) {
	in := map[string]any{
		"State": "Healthy",
		"Seq":   json.Number("9007199254740993"),
		"Ratio": 0.5,
		"Up":    true,
		"None":  nil,
		"List":  []any{"a", map[string]any{"k": "v"}},
	}

	out, err := copyUntyped(in)
	require.NoError(t, err)
	require.Equal(t, in, out)

	in["State"] = "Unhealthy"
	in["List"].([]any)[1].(map[string]any)["k"] = "changed"
	assert.Equal(t, "Healthy", out.(map[string]any)["State"])
	assert.Equal(t, "v", out.(map[string]any)["List"].([]any)[1].(map[string]any)["k"],
		"a nested map must be copied, not shared")
}

func TestCopyUntypedDecodesOtherValuesAsJSON(t *testing.T) {
	type typed struct {
		Seq uint64
	}

	out, err := copyUntyped(typed{Seq: 9007199254740993})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"Seq": json.Number("9007199254740993")}, out,
		"a typed value becomes what JSON decodes, without rounding its integers")
}

func TestCopyUntypedRejectsWhatJSONCannotCarry(t *testing.T) {
	_, err := copyUntyped(map[string]any{"f": func() {}})
	assert.Error(t, err)
}
