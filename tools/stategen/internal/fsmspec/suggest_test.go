package fsmspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDidYouMean(t *testing.T) {
	states := []string{"NotConfigured", "Configured", "Invalid", "TornDown", "Renewing"}
	for _, c := range []struct{ name, want string }{
		{"Configurd", ` (did you mean "Configured"?)`},  // one letter dropped
		{"configured", ` (did you mean "Configured"?)`}, // case only
		{"Renew", ` (did you mean "Renewing"?)`},        // a prefix
		{"Tornown", ` (did you mean "TornDown"?)`},
		{"Running", ""}, // nothing close
		{"X", ""},
	} {
		assert.Equal(t, c.want, didYouMean(c.name, states), c.name)
	}
	assert.Equal(t, ` (did you mean "initial"?)`, didYouMean("intial", directives))
	assert.Equal(t, ` (did you mean "terminal"?)`, didYouMean("terminals", directives))
	assert.Equal(t, "", didYouMean("A", []string{"B"}), "one letter of one is no slip")
	// The nearer candidate wins over an earlier one that is only a prefix.
	assert.Equal(t, ` (did you mean "Stop"?)`, didYouMean("Sto", []string{"Stopping", "Stop"}))
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3},
		{"kitten", "sitting", 3}, {"intial", "initial", 1}, {"same", "same", 0},
	} {
		assert.Equal(t, c.want, editDistance(c.a, c.b), "%q %q", c.a, c.b)
		assert.Equal(t, c.want, editDistance(c.b, c.a), "%q %q", c.b, c.a)
	}
}
