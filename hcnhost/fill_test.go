package hcnhost_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fillEveryField sets every field reachable from ptr, recursively, to a
// value that is not zero and differs from every other field's, counting
// from seed: two fills with different seeds share no value. Slices get two
// elements, raw JSON a small object, untyped values a JSON-shaped map.
// A conversion that forgets a field, or copies one into another, then
// shows up as a difference after a round trip.
func fillEveryField(ptr any, seed int) {
	n := seed
	fillValue(reflect.ValueOf(ptr).Elem(), &n)
}

var rawJSONType = reflect.TypeFor[json.RawMessage]()

func fillValue(v reflect.Value, n *int) {
	*n++
	switch {
	case v.Type() == rawJSONType:
		v.SetBytes([]byte(`{"n":` + strconv.Itoa(*n) + `}`))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fillValue(v.Field(i), n)
		}
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n % 100))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n % 100))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fillValue(s.Index(i), n)
		}
		v.Set(s)
	case reflect.Interface:
		v.Set(reflect.ValueOf(map[string]any{
			"s": fmt.Sprintf("s%d", *n),
			"l": []any{json.Number(strconv.Itoa(*n)), true, nil},
		}))
	default:
		panic(fmt.Sprintf("fillEveryField: no filler for %s (kind %s): teach it this kind", v.Type(), v.Kind()))
	}
}

// assertNoZeroField fails for each field reachable from ptr that holds its
// type's zero value, naming the field's path.
func assertNoZeroField(t *testing.T, ptr any) {
	t.Helper()
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice:
			if assert.NotZero(t, v.Len(), "%s is empty", path) && v.Type() != rawJSONType {
				for i := range v.Len() {
					walk(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
				}
			}
		default:
			assert.False(t, v.IsZero(), "%s is zero", path)
		}
	}
	v := reflect.ValueOf(ptr).Elem()
	walk(v, v.Type().Name())
}

func TestFillEveryFieldLeavesNoZeroField(t *testing.T) {
	type inner struct {
		Raw  json.RawMessage
		Any  any
		Flag bool
	}
	var v struct {
		S     string
		U     uint8
		I     int
		List  []inner
		Inner inner
	}
	fillEveryField(&v, 0)
	assertNoZeroField(t, &v)

	var other = v
	fillEveryField(&other, 1000)
	assert.NotEqual(t, v.S, other.S, "fills with different seeds must differ")
}

// overwriteInPlace changes every value reachable from ptr without
// replacing any slice or map: what a converted document shares with its
// source changes with it.
func overwriteInPlace(ptr any) {
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch {
		case v.Type() == rawJSONType:
			for i := range v.Len() {
				v.Index(i).SetUint('X')
			}
			return
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.String:
			v.SetString("overwritten")
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			v.SetUint(v.Uint() + 1)
		case reflect.Bool:
			v.SetBool(!v.Bool())
		case reflect.Interface:
			overwriteUntyped(v.Interface())
		}
	}
	walk(reflect.ValueOf(ptr).Elem())
}

func overwriteUntyped(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if _, nested := e.([]any); nested {
				overwriteUntyped(e)
				continue
			}
			v[k] = "overwritten"
		}
	case []any:
		for i := range v {
			v[i] = "overwritten"
		}
	}
}

func TestOverwriteInPlaceChangesSharedValues(t *testing.T) {
	type doc struct {
		List []string
		Raw  json.RawMessage
		Any  any
	}
	var in doc
	fillEveryField(&in, 0)
	alias := in

	overwriteInPlace(&in)

	assert.Equal(t, "overwritten", alias.List[0])
	assert.Equal(t, byte('X'), alias.Raw[0])
	assert.Equal(t, "overwritten", alias.Any.(map[string]any)["s"])
	assert.Equal(t, "overwritten", alias.Any.(map[string]any)["l"].([]any)[0])
}
