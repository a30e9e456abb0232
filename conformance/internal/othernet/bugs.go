package othernet

// Bug is a defect planted on purpose, one at a time, for the conformance
// suite's self-tests: each blind-spot scenario must fail othernet with the
// bug it is for, and pass it without. A shim never sets one.
type Bug int

// The plantable bugs.
const (
	// NoBug is the correct controller.
	NoBug Bug = iota
	// BugPrefixOffByOne refuses a prefix as long as its address (/32,
	// /128), which every host route and many pods use.
	BugPrefixOffByOne
	// BugAcceptsMulticastMAC lets a multicast MAC through.
	BugAcceptsMulticastMAC
	// BugAcceptsForeignEndpoint attaches an endpoint of another pod's
	// namespace.
	BugAcceptsForeignEndpoint
	// BugTrustsNamespaceDocument accepts HCN's answer for another
	// namespace.
	BugTrustsNamespaceDocument
	// BugKeepsAttaching goes on to the next NIC after an attach step
	// failed.
	BugKeepsAttaching
	// BugTeardownStopsAtFirstFailure gives up on the remaining NICs once
	// one removal failed.
	BugTeardownStopsAtFirstFailure
	// BugSkipsVanishedEndpoint sets up the pod without an endpoint that
	// HCN listed but could not read.
	BugSkipsVanishedEndpoint
	// BugGuestUnavailableCountsAtVM counts a VM hot-remove that failed
	// with "guest unavailable" as done.
	BugGuestUnavailableCountsAtVM
	// BugAttachesInNICIDOrder attaches the NICs in the order of their IDs
	// rather than eth0 first.
	BugAttachesInNICIDOrder
	// BugImportAcceptsSharedEndpoint imports a snapshot that binds two
	// NICs to one endpoint (with two MACs; a shared MAC is still refused).
	BugImportAcceptsSharedEndpoint
	// BugImportAcceptsSharedMAC imports a snapshot that gives two NICs,
	// on two endpoints, one MAC.
	BugImportAcceptsSharedMAC
	// BugPatchAcceptsAnyID records a destination namespace ID that is not
	// a GUID.
	BugPatchAcceptsAnyID
	// BugGoneAddCountsDone counts an add that found the VM or the guest
	// gone as done, as if the rule for removals held for adds.
	BugGoneAddCountsDone
)
