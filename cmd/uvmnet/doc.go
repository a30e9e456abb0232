// Command uvmnet answers two questions an operator has about a pod's network
// on a Hyper-V isolated pod, without a shim and without a Utility VM:
//
//   - uvmnet plan: what will the controller send for this HCN namespace?
//     It runs the real controller (netcore.New over hcsmodify's VM manager
//     and the platform's ready guest manager) with transports that record
//     each document instead of sending it, and an in-memory HCN made from
//     JSON files (or, on Windows, the host's HCN read through hcnhost with
//     --live). It prints every document Setup sends, in order, then
//     Teardown's, each labelled with its transport and step. An endpoint
//     Setup refuses gives Setup's own error.
//   - uvmnet snapshot: what is in this live-migration snapshot? It decodes
//     binary, base64 or protojson snapshots written by uvmnet or by
//     hcsshim, validates them by calling netcore.Import, and prints the
//     namespace, the flags and every NIC.
//
// Install it with
//
//	go install github.com/uvmnet/uvmnet/cmd/uvmnet@v0.1.0
//
// and run `uvmnet help plan` or `uvmnet help snapshot` for the flags and an
// example of each. It is a module of its own so that no shim's build ever
// requires it.
//
// Exit status: 0 on success, 1 when the input is invalid (a file that does
// not decode, an endpoint Setup refuses, a snapshot Import refuses), 2 for a
// usage error (unknown subcommand, flag or flag value).
package main
