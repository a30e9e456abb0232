// Command uvmnet answers two questions an operator on call has about a
// pod's network on a Hyper-V isolated pod, without a shim and without a
// Utility VM: what will uvmnet's controller send for this HCN namespace
// (uvmnet plan), and what does this live-migration snapshot hold (uvmnet
// snapshot).
//
// This is the operator's guide. Read it with
//
//	go doc github.com/uvmnet/uvmnet/cmd/uvmnet
//
// from a clone, or from any module after
//
//	go get -tool github.com/uvmnet/uvmnet/cmd/uvmnet@v0.1.0
//
// which also makes `go tool uvmnet` run the command. The command is a
// module of its own, so no shim's build ever requires it.
//
// # Install
//
//	go install github.com/uvmnet/uvmnet/cmd/uvmnet@v0.1.0
//	uvmnet --version
//
// --version prints the version the Go toolchain recorded in the binary
// (v0.1.0 for the install above, "(devel)" for a build in a clone) and the
// versions of the uvmnet modules that make the documents.
//
// # Collecting the files on the node
//
// plan reads the pod's HCN namespace and its endpoints from JSON files.
// The documents to collect are HCN's V2 ones, which is what the controller
// reads. The HNS PowerShell module on Windows Kubernetes nodes prints V2
// when asked for it (microsoft/SDN's hns.v2.psm1):
//
//	Get-HnsNamespace -Version 2 -Id <namespace ID> | ConvertTo-Json -Depth 10 > ns.json
//	Get-HnsEndpoint -Version 2 | ConvertTo-Json -Depth 10 > eps.json
//
// Keep -Depth 10: ConvertTo-Json's default depth is 2, past which it
// writes an object as its PowerShell text ("@{Overhead=50}") and a list as
// its items joined by spaces. A namespace's endpoint list and an
// endpoint's policy settings sit deeper than that; plan refuses such a
// file, naming the field and the command to run again.
//
// The plain Get-HnsEndpoint and Get-HnsNamespace (the HNS module's default,
// and Windows' HostNetworkingService module) print HNS's V1 schema. plan
// reads V1 too, as hcsshim's own V1 types (hcsshim.HNSEndpoint) define it,
// and converts each endpoint field by field:
//
//	V1 field                        V2 field the controller reads
//	ID, Name, MacAddress            ID, Name, MacAddress
//	VirtualNetwork                  HostComputeNetwork
//	Namespace.ID                    HostComputeNamespace
//	IPAddress, PrefixLength         IpConfigurations[0]
//	IPv6Address, IPv6PrefixLength   IpConfigurations[1]
//	GatewayAddress                  Routes: 0.0.0.0/0 through it
//	GatewayAddressV6                Routes: ::/0 through it
//	DNSDomain                       Dns.Domain
//	DNSSuffix (comma-separated)     Dns.Search
//	DNSServerList (comma-separated) Dns.ServerList
//	EncapOverhead                   Policies: EncapOverhead {"Overhead": n}
//
// Every other V1 field that holds something (Policies, whose V1 types are
// not V2's; EnableLowMetric, which the controller sets from
// --policy-based-routing; State and SharedContainers, which are attachment
// state) is named in a warning on standard error. A V1 namespace's
// ResourceList and CompartmentId become Resources and NamespaceId; V1 has
// no namespace Type or SchemaVersion, so a Windows guest's namespace
// document from a V1 file carries neither, and plan says so. For the
// exact bytes a shim sends, plan from the V2 documents.
//
// A file that is neither schema is refused with what it looks like (an
// HNS network from Get-HnsNetwork, say) and how to get the V2 document.
// Files may be UTF-8 or UTF-16 (little or big endian), with or without a
// byte-order mark, with CRLF line ends: Windows PowerShell 5.1's `>` and
// Out-File write UTF-16LE with a mark, PowerShell 7 UTF-8 without. An
// array of endpoints may come wrapped as {"value": [...], "Count": n}, as
// Windows PowerShell 5.1 writes `ConvertTo-Json -InputObject @(...)`. V2
// keys match in any letter case (hcsshim marshals ID, IpConfigurations,
// Dns; Windows tools print Id, IPConfigurations, DNS).
//
// # uvmnet plan
//
//	uvmnet plan --platform lcow|wcow --namespace ns.json --endpoints eps.json [--endpoints more.json ...]
//	uvmnet plan --platform lcow|wcow --live NAMESPACE-ID              (on the Windows host)
//
// plan runs the real controller (netcore.New over hcsmodify's VM manager
// and the platform's ready guest manager) with transports that record each
// document instead of sending it, and prints every document Setup sends,
// in order, then Teardown's, each after a '#' line naming the operation,
// its transport (compute-system or guest-connection) and the step. The
// documents are the bytes the transports were handed, byte for byte what
// hcsshim v0.15.0 sends for the same step; --raw prints each on one line,
// so that `grep -v '^#'` leaves only them. Output is written as the
// controller sends, not gathered first.
//
// The namespace is the source of truth, as in HCN: plan reads the
// endpoints its Resources list, in its order, and the --endpoints files
// only supply their documents. An endpoint a file gives that the namespace
// does not list, a listed endpoint no file gives, and one document given
// twice are input errors naming the IDs. A namespace file given as
// --endpoints, or an endpoints file as --namespace, is recognised and
// said so.
//
// --platform (any letter case) picks the guest: lcow for a Linux guest,
// wcow for a Windows one. --route conn (the guest connection, what a
// current shim uses) or legacy (through the compute system),
// --guest-namespace (the guest's capability, default true) and
// --policy-based-routing choose the wiring. NIC IDs, random in a shim, are
// derived from the namespace ID so two plans can be diffed; --nic-ids
// gives them instead, exactly one per endpoint in attach order (eth0
// first), for comparing with a shim's log.
//
// An endpoint Setup refuses gives Setup's own error, naming the endpoint,
// field and value. A pod takes at most 64 NICs (netcore.MaxNICs: Hyper-V's
// limit of synthetic network adapters per VM on Windows Server 2019 and
// later); plan refuses more endpoints over all its files, and Setup
// refuses a namespace listing more, before any document.
//
// # uvmnet snapshot
//
//	uvmnet snapshot [--json] FILE|-
//
// snapshot reads what a shim's Save returned, written by uvmnet or by
// hcsshim, validates it with netcore.Import itself (a snapshot a
// destination would refuse is refused with Import's error), and prints the
// schema version, the namespace, the flags and each NIC with its endpoint,
// MAC and endpoint name. It reads a snapshot however it travels, and says
// which it found: the anypb.Any in protobuf binary, base64 or protojson;
// its type URL and base64 value on two lines; its value alone (a bare
// payload) in binary, base64 or protojson, read as hcsshim's type
// hcsshim.controller.network.save.v1.Payload since it names none; and the
// report `uvmnet snapshot --json` prints, so
//
//	uvmnet snapshot --json network.snap | uvmnet snapshot -
//
// reads back. Text may be UTF-8 or UTF-16, with or without a byte-order
// mark. A shim that wants to write Save's snapshot as protojson uses
// netcore.SnapshotTypeResolver with protojson.MarshalOptions.
//
// # What the output can be trusted for
//
// Every string the command prints that came from its input (an endpoint
// name, an ID, a type URL) is printed as it is only when it is short and
// plainly printable; otherwise it is quoted with Go escapes, so a name
// with a newline cannot forge a line and an escape sequence never reaches
// the terminal. Errors quote at most a bounded prefix of a bad value.
// Warnings go to standard error, prefixed "uvmnet plan: warning:".
//
// # Exit status
//
// 0 on success; 1 when the input is invalid (a file that does not decode,
// an endpoint Setup refuses, a snapshot Import refuses); 2 for a usage
// error (an unknown command, flag or flag value, --nic-ids with a repeated,
// missing or surplus ID), which prints the problem and a pointer to
// `uvmnet help COMMAND`.
package main
