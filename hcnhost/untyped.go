package hcnhost

import (
	"bytes"
	"encoding/json"
)

// copyUntyped deep-copies an untyped document value (such as an endpoint's
// Health.Data), so a converted document shares nothing with its source.
// What encoding/json decodes into an interface (maps, slices, strings,
// numbers, booleans, nil) is copied directly; any other value goes through
// a JSON round trip, which keeps 64-bit integers as json.Number and fails
// on a value JSON cannot carry rather than passing it on.
func copyUntyped(v any) (any, error) {
	switch v := v.(type) {
	case nil, string, bool, float64, json.Number:
		return v, nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			c, err := copyUntyped(e)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			c, err := copyUntyped(e)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	default:
		return untypedViaJSON(v)
	}
}

// untypedViaJSON re-decodes v as JSON would hand it to an interface, with
// numbers as json.Number so that no integer is rounded through float64.
func untypedViaJSON(v any) (any, error) {
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}
