package netcore

// The state tables come from the specifications in ../gen; edit those, then
// run go generate. The README's lifecycle diagram is refreshed from the
// same file so it cannot drift. stategen is pinned in tools/gen/go.mod; go
// tool finds it through the workspace (go.work).
//go:generate go tool stategen -readme ../README.md ../gen/network.fsm
//go:generate go tool stategen -dot ../gen/nic.dot ../gen/nic.fsm
