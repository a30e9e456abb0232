// Package standin holds, in its subpackages, the check's own stand-ins
// for the hcsshim packages that hcsshim's network controller imports:
// the check rewrites the copied controller's import paths to them, and
// changes nothing else of its code. Each stand-in forwards to what the
// conformance suite hands a controller (its HCN, VM network manager and
// platform guest contract), shaped as hcsshim's own types and errors so
// the controller compiles and decides as it does in hcsshim.
package standin
