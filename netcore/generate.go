package netcore

// The state tables come from the specifications in ../gen; edit those, then
// run go generate. The README's lifecycle diagram and the transition tables
// in doc.go are refreshed from the same files so they cannot drift.
// stategen is pinned in tools/gen/go.mod; go tool finds it through the
// workspace (go.work).
//go:generate go tool stategen -readme ../README.md -doc doc.go ../gen/network.fsm
//go:generate go tool stategen -doc doc.go ../gen/nic.fsm
