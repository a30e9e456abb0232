package fsmspec

import (
	"go/token"
	"go/types"
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
// name, so only exported state and event names give a readable constant
// (nicStatePlanned, not nicStateplanned).
func IsExportedIdent(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return IsIdent(s) && unicode.IsUpper(r)
}

// localNames are the names the generated code uses unqualified besides the
// predeclared ones: its import, its receivers and its local variables. A
// type of that name would shadow them and break the generated code.
var localNames = map[string]bool{"strconv": true, "s": true, "e": true, "err": true, "next": true}

// IsTypeName reports whether s can name a generated type. Exported names
// always can; an unexported one, which keeps the machine private to its
// package, must not shadow a name the generated code relies on: a
// predeclared identifier (string, uint8, error, ...) or one of localNames.
// Every other generated identifier starts with the type name followed by an
// upper-case letter, so it cannot clash with those names either.
func IsTypeName(s string) bool {
	if IsExportedIdent(s) {
		return true
	}
	return IsIdent(s) && !localNames[s] && types.Universe.Lookup(s) == nil
}

// TypeNameProblem completes the message "type %q ..." for a name that
// IsTypeName rejects.
func TypeNameProblem(s string) string {
	if !IsIdent(s) {
		return "is not a Go identifier"
	}
	return "would shadow a name the generated code uses"
}
