package netcore

// The state tables come from the specifications in ../gen; edit those, then
// run go generate. Each machine is rendered once per reader: the table in
// its type's documentation (go doc) and the Mermaid diagram next to its
// spec (gen/*.mmd, which the README links); no hand-written file holds a
// copy.
// stategen is pinned in tools/gen/go.mod; go tool finds it through the
// workspace (go.work).
//go:generate go tool stategen ../gen/network.fsm
//go:generate go tool stategen ../gen/nic.fsm
