// Package gen pins the code generators that `go generate` runs in the
// library modules (stategen, protoc-gen-go, mockgen). Their requirements
// live here, in a module no library module depends on, so a shim that
// imports netlcow or netwcow never downloads a generator or its
// dependencies.
//
// Inside the workspace (go.work) `go tool <name>` finds these tools from
// any module directory, which is how the //go:generate lines run them.
// This module is not published.
package gen
