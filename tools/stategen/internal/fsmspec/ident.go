package fsmspec

import (
	"go/token"
	"unicode"
	"unicode/utf8"
)

// IsIdent reports whether s is a Go identifier other than a keyword or the
// blank identifier, i.e. a name that can be declared.
func IsIdent(s string) bool {
	if s == "" || s == "_" || token.IsKeyword(s) {
		return false
	}
	for i, r := range s {
		if !unicode.IsLetter(r) && r != '_' && (i == 0 || !unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// IsExportedIdent reports whether s is an identifier starting with an upper
// case letter. Generated constants are the type name followed by the spec
// name, so only exported spec names give a readable constant; requiring it
// of the type names too keeps every generated identifier apart from the
// lower-case local names, imports and predeclared names the output uses.
func IsExportedIdent(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return IsIdent(s) && unicode.IsUpper(r)
}
