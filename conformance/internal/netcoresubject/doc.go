// Package netcoresubject is uvmnet's own controller as the suite's
// subject, over one platform's guest contract: netcore.New and
// netcore.Import with that platform's guest steps in front of the
// contract. conformance/lcow and conformance/wcow return it as their
// Uvmnet; the suite's self-tests build broken variants of it with Build.
package netcoresubject
