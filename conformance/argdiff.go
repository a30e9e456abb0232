package conformance

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.uber.org/mock/gomock"
)

// A call-contract failure prints the argument the controller passed next
// to the one the contract wants. Both are printed with their field names,
// and the fields that differ are named, so that a reader need not find
// the one difference in two long lines.

// diffArg matches one argument equal to want (gomock.Eq), printing a
// mismatch field by field.
type diffArg struct{ want any }

func (d diffArg) Matches(x any) bool { return gomock.Eq(d.want).Matches(x) }

func (d diffArg) String() string { return fmt.Sprintf("is equal to %+v (%T)", d.want, d.want) }

// Got prints x with its field names and the fields in which it differs.
func (d diffArg) Got(x any) string { return gotAgainst(d.want, x, false) }

// expectedArgs returns args as matchers that print a mismatch field by
// field; a matcher among them is kept as it is.
func expectedArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if _, ok := a.(gomock.Matcher); ok {
			out[i] = a
			continue
		}
		out[i] = diffArg{a}
	}
	return out
}

// gotAgainst prints got with its field names, then the fields in which it
// differs from want; bound says suite NIC IDs in want stand for any ID.
func gotAgainst(want, got any, bound bool) string {
	s := fmt.Sprintf("%+v (%T)", got, got)
	w, errW := jsonTree(want)
	g, errG := jsonTree(got)
	if errW != nil || errG != nil {
		return s
	}
	var diffs []string
	treeDiff("", w, g, bound, &diffs)
	if len(diffs) == 0 {
		return s
	}
	const most = 8
	if len(diffs) > most {
		diffs = append(diffs[:most], fmt.Sprintf("and %d more", len(diffs)-most))
	}
	return s + "\nDiffers in: " + strings.Join(diffs, "; ")
}

// treeDiff appends, for each place in which JSON trees got and want
// differ, its path with both values.
func treeDiff(path string, want, got any, bound bool, out *[]string) {
	name := path
	if name == "" {
		name = "the value"
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(w)+len(g))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			treeDiff(strings.TrimPrefix(path+"."+k, "."), w[k], g[k], bound, out)
		}
		return
	case []any:
		g, ok := got.([]any)
		if !ok {
			break
		}
		if len(g) != len(w) {
			*out = append(*out, fmt.Sprintf("%s: got %d elements, want %d", name, len(g), len(w)))
			return
		}
		for i := range w {
			treeDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], bound, out)
		}
		return
	case string:
		if bound && suiteNICID.MatchString(w) {
			if _, ok := got.(string); ok {
				return // the controller's own NIC ID stands for the suite's
			}
		}
	}
	if !reflect.DeepEqual(want, got) {
		*out = append(*out, fmt.Sprintf("%s: got %s, want %s", name, jsonText(got), jsonText(want)))
	}
}

// jsonText is a JSON tree's value as a short text; a field left out
// (omitempty: zero) is "(zero)".
func jsonText(v any) string {
	if v == nil {
		return "(zero)"
	}
	return fmt.Sprintf("%#v", v)
}
