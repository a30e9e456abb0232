package upstreamsuite_test

import "regexp"

// defect is one of hcsshim's defects the Contract names: where it is in
// hcsshim's source (v0.15.0, internal/controller/network unless said),
// and the first line of a root finding that names it. Each has an edit
// file in testdata/fixes named after it.
type defect struct {
	id, where string
	finding   *regexp.Regexp
}

// defects are what the suite finds in hcsshim's controller as released.
// B1-B8 were known; B9 the Contract's hostile-input consequences found.
var defects = []defect{
	{"B1", "save.go:186 passes no endpoint to removeEndpointFromGuestNamespace; network_wcow.go:137 reads endpoint.Id",
		regexp.MustCompile(`^the controller panicked in ResetAfterMigration: runtime error: invalid memory address or nil pointer dereference, at \S+/wcow\.\(\*Controller\)\.removeEndpointFromGuestNamespace \(`)},
	{"B2", "network_wcow.go:79-101: the NIC is tracked only after the host hot-add (line 101), so a failed hot-add leaves the guest pre-add (line 79) behind",
		regexp.MustCompile(`^after Teardown after Setup with error at call \d+ \(vm\.AddNIC\): still attached: guest NICs \[`)},
	{"B3", "network.go:96-103 sets Invalid only when err is set, which a panic leaves nil; Teardown (151-215) likewise",
		regexp.MustCompile(`^state after (setup|teardown) with panic at call \d+ \(\S+\): got (NotConfigured|Configured), want Invalid$`)},
	{"B4", "network_wcow.go:57 re-reads the namespace from HCN in Teardown and fails when HCN no longer has it",
		regexp.MustCompile(`^destination Teardown: remove network namespace from guest: get network namespace \S+: Namespace ID "\S+" not found$`)},
	{"B5", "network_lcow.go:47/97, network_wcow.go:91/136 call the VM on an ended context; internal/vmcompute/vmcompute.go:77-115 (execute) starts the syscall and returns ctx.Err()",
		regexp.MustCompile(`^(Setup|Teardown) with cancel at call \d+ \(\S+\): vm\.(AddNIC|RemoveNIC) \S+ called after its context was cancelled$`)},
	{"B6", "network.go:184-194 keeps a NIC whose host removal failed, and network_wcow.go:124-131 removes it from the guest again; network_wcow.go:53-73 removes a namespace Setup never added",
		regexp.MustCompile(`^retried Teardown after Teardown with error at call \d+ \(vm\.RemoveNIC\): (guest\.RemoveNIC \S+: NIC removed twice|.*guest agent refused the request: guest\.RemoveNIC \S+: NIC removed twice)$`)},
	{"B7", "save.go:175-222: a failed ResetAfterMigration returns with the state Configured and migratedNamespaceID still set",
		regexp.MustCompile(`^state after ResetAfterMigration with \S+ at call \d+ \(\S+\): got Configured, want Invalid$`)},
	{"B8", "network.go:184-194 hot-removes every tracked NIC, imported ones too; save.go:186 (reset) leaves their host side alone",
		regexp.MustCompile(`^destination Teardown after Patch and Resume, without ResetAfterMigration: hot-removed source NIC \S+: a NIC imported from the source is not this VM's to remove on the host side$`)},
	{"B9", "network.go:135 files each LCOW NIC under endpoint.HostComputeNamespace; network_lcow.go:86 removes it from c.namespaceID",
		regexp.MustCompile(`^Setup with another-pods-endpoint \(\S+\): the guest filed NIC \S+ under namespace \S+, another pod's, not this pod's \S+$`)},
}
