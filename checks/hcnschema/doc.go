// Package hcnschema holds the schema parity check between netcore's HCN
// model (github.com/uvmnet/uvmnet/netcore/hcnmodel) and the hcsshim HCN
// types it mirrors, at the hcsshim version the hcnhost module, whose
// converters map one onto the other, requires (a test holds this module's
// require to hcnhost's). The check type-checks both with golang.org/x/tools/go/packages,
// so it lives in this module of its own: netcore's go.mod, and so every
// shim's module graph, stays free of x/tools. The package has tests only;
// the module is not published.
package hcnschema
